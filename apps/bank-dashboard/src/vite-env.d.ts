/// <reference types="vite/client" />

interface ImportMetaEnv {
  readonly VITE_SESAME_AUTHORITY?: string;
  readonly VITE_SESAME_CLIENT_ID?: string;
  readonly VITE_BANK_API_URL?: string;
  readonly VITE_SESAME_STORAGE?: string;
}
