// The names core gives one client's cross-tab state, for the devtools to watch it. Core builds them
// in lifecycle.ts (browser mode: `${client_id}@${authority}`) and bff-lifecycle.ts (BFF mode:
// `bff:${baseUrl}`); tab-watch.test.ts holds these copies to core's actual channel, so they cannot
// drift unnoticed. Core keeps them out of its public API: apps never need them.
import type { AuthClient } from '@sesame/core';

/** The id core keys a client's channel, refresh lock and activity time with. */
export function clientKey(client: AuthClient): string {
  const settings = client.settings;
  if ('baseUrl' in settings) return `bff:${settings.baseUrl}`;
  return `${settings.client_id}@${settings.authority}`;
}

/** The `BroadcastChannel` the client's tabs talk on (cross-tab.ts). */
export const channelName = (client: AuthClient) => `sesame:${clientKey(client)}`;

/**
 * The Web Lock the client's tabs refresh under (refresh-lock.ts), or `undefined` when the tabs share
 * no refresh token (`storage` other than `'local'`, and BFF mode: the BFF refreshes).
 */
export function refreshLockName(client: AuthClient): string | undefined {
  const settings = client.settings;
  if ('baseUrl' in settings || settings.storage !== 'local') return undefined;
  return `sesame.refresh:${clientKey(client)}`;
}

/**
 * When the idle timeout will sign out, from the last activity core shared across tabs (idle.ts keeps
 * it in storage, at most every few seconds: so a few seconds early). `null`: no idle timeout, or no
 * activity recorded (nobody signed in).
 */
export function idleDeadline(client: AuthClient): number | null {
  const seconds = client.settings.idleTimeoutSeconds;
  if (seconds === undefined) return null;
  const key = `sesame.activity:${clientKey(client)}`;
  let stored = 0;
  try {
    stored = Number(localStorage.getItem(key) ?? sessionStorage.getItem(key));
  } catch {
    // storage disabled: no countdown
  }
  return stored > 0 ? stored + seconds * 1000 : null;
}
