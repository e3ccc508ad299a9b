/// <reference types="vite/client" />

interface ImportMetaEnv {
  readonly VITE_SESAME_AUTHORITY?: string;
  readonly VITE_SESAME_CLIENT_ID?: string;
  readonly VITE_BANK_API_URL?: string;
  readonly VITE_INVEST_API_URL?: string;
  readonly VITE_SESAME_STORAGE?: string;
  /** `1` or `true`: bind the tokens to a DPoP key. */
  readonly VITE_SESAME_DPOP?: string;
  /** `1` or `true`: BFF mode (no token in the page; the server must mount the BFF at `/bff`). */
  readonly VITE_SESAME_BFF?: string;
}
