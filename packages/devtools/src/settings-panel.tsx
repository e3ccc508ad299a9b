import type { AuthClient } from '@sesame/core';
import { show } from './format';

/** A setting's value for display: functions and plug-ins (lock, timer, DPoP, logger) are only "on". */
function settingValue(value: unknown): string {
  if (typeof value === 'function') return 'function';
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const plain = Object.values(value).every((v) => typeof v !== 'function');
    return plain ? show(value) : 'on';
  }
  return show(value);
}

/**
 * The checks the settings passed: the client exists, so core's `resolveSettings` (or
 * `resolveBffSettings`) accepted them. This names what those checks were, for the settings at hand;
 * it decides nothing.
 */
export function passedChecks(client: AuthClient): string[] {
  const settings = client.settings;
  if ('baseUrl' in settings) {
    return [
      `baseUrl ${settings.baseUrl} is a path on this origin (the BFF's cookie is host-only)`,
      `session checked every ${settings.sessionCheckSeconds} s while visible`,
      ...(settings.idleTimeoutSeconds ? ['idle timeout has its idle timer'] : []),
    ];
  }
  return [
    'authority is https (or a loopback address)',
    'redirect_uri is an absolute URL',
    `scope "${settings.scope}" contains openid`,
    `apiOrigins: ${settings.apiOrigins.length} exact origin(s), no paths or wildcards`,
    ...(settings.storage === 'local' ? ["storage 'local' has the cross-tab refresh lock"] : []),
    ...(settings.idleTimeoutSeconds ? ['idle timeout has its idle timer'] : []),
    settings.verifyIdTokenSignature === false
      ? 'ID-token signatures NOT verified (verifyIdTokenSignature: false)'
      : "ID-token signatures verified against the IdP's keys",
  ];
}

/** Settings: the resolved settings (defaults applied) and the checks they passed. */
export function SettingsPanel({ client }: { client: AuthClient }) {
  const entries = Object.entries(client.settings).filter(([, value]) => value !== undefined);
  return (
    <>
      <h3 id="sesame-devtools-checks">Checks passed</h3>
      <ul aria-labelledby="sesame-devtools-checks">
        {passedChecks(client).map((check) => (
          <li key={check} className={check.includes('NOT') ? 'bad' : undefined}>
            {check}
          </li>
        ))}
      </ul>
      <h3 id="sesame-devtools-settings">Resolved settings</h3>
      <table aria-labelledby="sesame-devtools-settings">
        <tbody>
          {entries.map(([name, value]) => (
            <tr key={name}>
              <th scope="row">
                <code>{name}</code>
              </th>
              <td>{settingValue(value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
