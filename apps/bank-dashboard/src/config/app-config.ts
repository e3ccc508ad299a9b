import { resolveConfig, RUNTIME_CONFIG_GLOBAL, type DashboardConfig } from './runtime-config';

/** Build-time settings (`VITE_SESAME_*`); empty ones fall back to the local demo's defaults. */
function buildTimeConfig(): Record<string, unknown> {
  const env = import.meta.env;
  return {
    authority: env.VITE_SESAME_AUTHORITY,
    clientId: env.VITE_SESAME_CLIENT_ID,
    apiUrl: env.VITE_BANK_API_URL,
    investApiUrl: env.VITE_INVEST_API_URL,
    storage: env.VITE_SESAME_STORAGE,
    dpop: env.VITE_SESAME_DPOP,
    bff: env.VITE_SESAME_BFF,
  };
}

/** Build-time settings overridden by `/config.js` (loaded before the app by index.html). */
export function loadConfig(): DashboardConfig {
  const runtime = (window as unknown as Record<string, unknown>)[RUNTIME_CONFIG_GLOBAL];
  return resolveConfig(
    buildTimeConfig(),
    runtime && typeof runtime === 'object' ? (runtime as Record<string, unknown>) : undefined,
  );
}
