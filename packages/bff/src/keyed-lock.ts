/**
 * Runs tasks one at a time per key, in arrival order, within this process. The BFF holds a
 * session's lock for every write of that session (refresh, idle touch), and each task reads the
 * stored session again first: two requests never write from stale copies (which could lose a
 * rotated refresh token), and requests that queued behind a refresh find the new token instead of
 * refreshing again. Sharing the lock across replicas is the session store's job (issue 20).
 */
export class KeyedLock {
  readonly #tails = new Map<string, Promise<unknown>>();

  /** Runs `task` once every earlier task for `key` has settled; resolves or rejects as it does. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }

  /** How many keys have a task queued or running (tests). */
  get size(): number {
    return this.#tails.size;
  }
}
