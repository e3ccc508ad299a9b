/**
 * The APIs the dashboard calls, as the IdP knows them: each one's resource indicator (RFC 8707, the
 * `aud` of its tokens) and the scopes the dashboard needs there. Shared by the browser app (core's
 * `apis` setting) and the Node server (the BFF's `apis`), so it touches neither DOM nor Node.
 */
export const BANK_API_RESOURCE = 'https://bank.sesame.test/api';

/** The investments API's resource indicator: its tokens are for it alone. */
export const INVEST_API_RESOURCE = 'https://invest.sesame.test/api';

/** What the Investments page needs: read the portfolio (the IdP grants it to every demo customer). */
export const INVEST_SCOPES: string[] = ['portfolio:read'];
