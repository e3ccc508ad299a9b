import type { AuthClient } from '@sesame/core';

/** Which face of `AuthClient` this is, read from its resolved settings (only BFF mode has `baseUrl`). */
export function clientMode(client: AuthClient): 'bff' | 'dpop' | 'bearer' {
  const settings = client.settings;
  if ('baseUrl' in settings) return 'bff';
  return 'dpop' in settings && settings.dpop ? 'dpop' : 'bearer';
}

/** Where the tokens live, as the Session panel says it. */
export function storageLabel(client: AuthClient): string {
  const settings = client.settings;
  if ('baseUrl' in settings)
    return `on the server (BFF at ${settings.baseUrl}; an HttpOnly cookie here)`;
  return settings.storage;
}
