// Helpers for tests that play several tabs: each "tab" is its own client in the one jsdom window.
// Clients with `storage: 'local'` share tokens as real tabs do; their BroadcastChannels (Node's)
// talk to each other as real tabs' do. Session-storage tabs are played with `storage: 'memory'`,
// since the jsdom window has only one sessionStorage.

/** A Web Locks API that grants one holder per name at a time, in request order. */
export function fakeLockManager() {
  const tails = new Map<string, Promise<unknown>>();
  const requests: string[] = [];
  const locks = {
    request(name: string, _options: unknown, task: (lock: unknown) => Promise<unknown>) {
      requests.push(name);
      const run = (tails.get(name) ?? Promise.resolve()).then(() => task({ name }));
      tails.set(
        name,
        run.catch(() => {}),
      );
      return run;
    },
    query: () => Promise.resolve({ held: [], pending: [] }),
  };
  return { locks: locks as unknown as LockManager, requests };
}

/** Puts `locks` on `navigator` (jsdom has none); returns the undo. */
export function installLocks(locks: LockManager) {
  Object.defineProperty(navigator, 'locks', { value: locks, configurable: true });
  return () => {
    delete (navigator as { locks?: LockManager }).locks;
  };
}
