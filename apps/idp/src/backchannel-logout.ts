// Back-channel logout (OpenID Connect Back-Channel Logout 1.0) for the IdP sessions this server ends
// itself (endUserSessions, the admin endpoint). oidc-provider sends logout tokens on its own only
// from its end-session confirmation; here its client model does the same work: build, sign and
// POST the logout token (`Client#backchannelLogout`, untyped in @types/oidc-provider).
import type Provider from 'oidc-provider';
import type { AdapterPayload } from 'oidc-provider';

interface BackchannelClient {
  clientId: string;
  backchannelLogoutUri?: string;
  backchannelLogout(sub: string, sid: string | undefined): Promise<void>;
}

/** The clients an IdP session signed in to, each with the session's `sid` for it. */
function authorizationsOf(session: AdapterPayload): [clientId: string, sid: string | undefined][] {
  const authorizations = (session as { authorizations?: Record<string, { sid?: unknown }> })
    .authorizations;
  return Object.entries(authorizations ?? {}).map(([clientId, { sid }]) => [
    clientId,
    typeof sid === 'string' ? sid : undefined,
  ]);
}

/**
 * POSTs a logout token to every client of the ended IdP `session` that registered a
 * `backchannel_logout_uri`, and waits for their answers (each within oidc-provider's 2.5 s). A
 * client that fails is logged and does not stop the others. Never logs the token.
 */
export async function sendBackchannelLogouts(
  provider: Provider,
  session: AdapterPayload,
  log: (line: string) => void,
): Promise<void> {
  const sub = session.accountId;
  if (typeof sub !== 'string') return;
  await Promise.all(
    authorizationsOf(session).map(async ([clientId, sid]) => {
      const client = (await provider.Client.find(clientId)) as unknown as
        BackchannelClient | undefined;
      if (!client?.backchannelLogoutUri) return;
      try {
        await client.backchannelLogout(sub, sid);
        log(backchannelLine(clientId));
      } catch (error) {
        log(backchannelLine(clientId, error));
      }
    }),
  );
}

/** `backchannel-logout client=bank-bff ok`, or `failed (<message>)`: the outcome, never the token. */
export function backchannelLine(clientId: string, error?: unknown): string {
  if (error === undefined) return `backchannel-logout client=${clientId} ok`;
  const message = error instanceof Error ? error.message : String(error);
  return `backchannel-logout client=${clientId} failed (${message.slice(0, 200)})`;
}
