// What both refresh pages expose to the benchmark (Playwright calls these through page.evaluate).

/** Settings the benchmark injects before the page's scripts run. */
export interface RealmPageConfig {
  issuer: string;
  clientId: string;
  scope: string;
}

/** The outcome of K concurrent token requests. */
export interface BurstResult {
  rejected: number;
}

export interface RefreshPageApi {
  signIn(): Promise<void>;
  burst(k: number): Promise<BurstResult>;
  /** One more refresh after the burst: does the session still work? */
  survives(): Promise<boolean>;
}

declare global {
  interface Window {
    __REALM__: RealmPageConfig;
    __PAGE__?: RefreshPageApi;
  }
}

export const config = (): RealmPageConfig => window.__REALM__;

/** Starts K requests at once and counts the callers whose promise rejected. */
export async function burst(k: number, request: () => Promise<unknown>): Promise<BurstResult> {
  const results = await Promise.allSettled(Array.from({ length: k }, request));
  return { rejected: results.filter((result) => result.status === 'rejected').length };
}

/** Marks the page signed in (or not) for the benchmark to wait on, and exposes its API. */
export function ready(signedIn: boolean, api: RefreshPageApi): void {
  window.__PAGE__ = api;
  const status = document.getElementById('status')!;
  status.textContent = signedIn ? 'signed-in' : 'signed-out';
  status.className = signedIn ? 'signed-in' : 'signed-out';
}
