/**
 * Where BFF mode's pieces meet: the server mounts `@sesame/bff` at {@link BFF_PREFIX} with the bank
 * API named {@link BFF_BANK_API}, and the page looks for both there. Shared by the browser app and the
 * Node server, so it touches neither DOM nor Node.
 */
import type { DashboardConfig } from './runtime-config';

/** The BFF's path on the dashboard's own origin (its cookie is host-only, its CSRF check wants it). */
export const BFF_PREFIX = '/bff';

/** The bank API's name in the BFF's `apis`: the page reaches it at `/bff/api/bank/…`. */
export const BFF_BANK_API = 'bank';

/** The investments API's name in the BFF's `apis`: the page reaches it at `/bff/api/investments/…`. */
export const BFF_INVEST_API = 'investments';

/**
 * The base URL the page's investments API calls start with: the API's origin in browser mode (the
 * engine attaches that API's own token there), the BFF's proxy on the page's `origin` in BFF mode.
 */
export function investApiBase(
  config: Pick<DashboardConfig, 'investApiUrl' | 'bff'>,
  origin: string,
) {
  return config.bff ? `${origin}${BFF_PREFIX}/api/${BFF_INVEST_API}` : config.investApiUrl;
}

/**
 * The base URL the page's bank API calls start with (no trailing slash): the API's origin in browser
 * mode (the engine attaches the token there), the BFF's proxy on the page's `origin` in BFF mode.
 */
export function bankApiBase(config: Pick<DashboardConfig, 'apiUrl' | 'bff'>, origin: string) {
  return config.bff ? `${origin}${BFF_PREFIX}/api/${BFF_BANK_API}` : config.apiUrl;
}
