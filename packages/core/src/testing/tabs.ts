// Helpers for tests that play several tabs: each "tab" is its own client in the one jsdom window.
// Clients with `storage: 'local'` share tokens as real tabs do; their BroadcastChannels (Node's)
// talk to each other as real tabs' do. Session-storage tabs are played with `storage: 'memory'`,
// since the jsdom window has only one sessionStorage.

/** A Web Locks API that grants one holder per name at a time, in request order, and reports what is held. */
export function fakeLockManager() {
  const tails = new Map<string, Promise<unknown>>();
  const held = new Map<string, number>();
  const requests: string[] = [];
  const locks = {
    request(name: string, _options: unknown, task?: (lock: unknown) => Promise<unknown>) {
      const run = task ?? (_options as (lock: unknown) => Promise<unknown>);
      requests.push(name);
      const granted = (tails.get(name) ?? Promise.resolve()).then(async () => {
        held.set(name, (held.get(name) ?? 0) + 1);
        try {
          return await run({ name });
        } finally {
          held.set(name, held.get(name)! - 1);
          if (!held.get(name)) held.delete(name);
        }
      });
      tails.set(
        name,
        granted.catch(() => {}),
      );
      return granted;
    },
    query: () => Promise.resolve({ held: [...held.keys()].map((name) => ({ name })), pending: [] }),
  };
  return { locks: locks as unknown as LockManager, requests, held };
}

/** Puts `locks` on `navigator` (jsdom has none); returns the undo. */
export function installLocks(locks: LockManager) {
  Object.defineProperty(navigator, 'locks', { value: locks, configurable: true });
  return () => {
    delete (navigator as { locks?: LockManager }).locks;
  };
}
