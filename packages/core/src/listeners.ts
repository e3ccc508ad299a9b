// Listener sets, shared by the stores. A leaf: it imports nothing from core, so any module may use it.

/** A callback registered with {@link register}. */
export type Listener<A extends unknown[]> = (...args: A) => void;

/** A listener that throws must not break the session; its error is rethrown on its own task. */
export function emit<A extends unknown[]>(listeners: Set<Listener<A>>, ...args: A) {
  for (const listener of listeners) {
    try {
      listener(...args);
    } catch (error) {
      setTimeout(() => {
        throw error;
      });
    }
  }
}

/** `subscribe`-style registration returning an unsubscribe function. */
export const register =
  <A extends unknown[]>(listeners: Set<Listener<A>>) =>
  (listener: Listener<A>) => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  };
