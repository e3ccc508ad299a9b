import type { AuthClientSettings } from '@sesame/core';

/** What the harness serves as /config.json: the test app's settings for this run's ports. */
export interface InteropAppConfig {
  settings: Pick<
    AuthClientSettings,
    | 'authority'
    | 'client_id'
    | 'redirect_uri'
    | 'post_logout_redirect_uri'
    | 'scope'
    | 'resource'
    | 'apiOrigins'
    | 'refreshBeforeExpirySeconds'
    | 'endSessionMethod'
    | 'debug'
  >;
  /** The bank API's base URL. */
  apiUrl: string;
}

export async function loadConfig(): Promise<InteropAppConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`/config.json answered ${response.status}`);
  return (await response.json()) as InteropAppConfig;
}
