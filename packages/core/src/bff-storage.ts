// Web Storage for the BFF-mode client, which keeps no token there: only the redirect-loop mark
// (sessionStorage), the idle clock and the "sign in again after inactivity" flag (localStorage).
// storage.ts does the same for browser mode with oidc-client-ts's in-memory store, which a BFF-mode
// bundle must not import.

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, String(value)),
    removeItem: (key: string) => void items.delete(key),
  } as Storage;
}

/** The page's `localStorage` or `sessionStorage`, or memory when there is no window or access is refused. */
export function pageStorage(kind: 'local' | 'session'): Storage {
  try {
    const storage = typeof window === 'undefined' ? undefined : window[`${kind}Storage`];
    if (storage) return storage;
  } catch {
    // Storage disabled (privacy settings, sandboxed frame).
  }
  return memoryStorage();
}
