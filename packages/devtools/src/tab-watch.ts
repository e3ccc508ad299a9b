// Cross-tab traffic on the Timeline: the messages core's tabs exchange (cross-tab.ts) and who holds
// the refresh lock (refresh-lock.ts). Watched from outside core, in development only: a second
// `BroadcastChannel` of the same name hears every tab, and Web Locks' `query()` says who holds what.
import type { AuthClient } from '@sesame/core';
import { channelName, refreshLockName } from './client-keys';
import { DEVTOOLS_EVENT } from './devtools-events';

/** What the watchers report: one of the devtools' own events and its data. */
export type Emit = (id: number, data: Record<string, unknown>) => void;

/**
 * A message as the timeline shows it: its kind and the reason of a sign-out or whether activity was
 * explicit. Core's messages carry no token; only these fields are kept anyway, whatever arrives.
 */
export function messageSummary(data: unknown): Record<string, unknown> | null {
  const message = Object(data) as Record<string, unknown>;
  if (message.type === 'user') return { type: 'user' };
  if (message.type === 'signed-out') return { type: 'signed-out', reason: String(message.reason) };
  if (message.type === 'activity') return { type: 'activity', explicit: message.explicit === true };
  return null;
}

// A channel never hears itself, but a second channel in this tab hears this tab's core. Telling
// this tab's messages from the others' takes seeing them sent: `postMessage` is wrapped once, for
// good (core's channel keeps the method it found when it was made), and reports to the watchers.
type Sent = (channel: BroadcastChannel, message: unknown) => void;
const senders = new Set<Sent>();
let wrapped = false;

function watchPosts(sent: Sent): () => void {
  if (!wrapped) {
    wrapped = true;
    const post = BroadcastChannel.prototype.postMessage;
    BroadcastChannel.prototype.postMessage = function (this: BroadcastChannel, message: unknown) {
      for (const listener of senders) listener(this, message);
      post.call(this, message);
    };
  }
  senders.add(sent);
  return () => senders.delete(sent);
}

/** Reports the client's channel messages: 90 sent by this tab, 91 heard from another. Returns stop. */
export function watchChannel(client: AuthClient, emit: Emit): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => {};
  const name = channelName(client);
  // This tab's own messages reach our channel too: each is skipped once when it arrives.
  const echoes: string[] = [];
  const stopPosts = watchPosts((channel, message) => {
    const summary = channel.name === name && messageSummary(message);
    if (!summary) return;
    echoes.push(JSON.stringify(message));
    emit(DEVTOOLS_EVENT.tabSent, summary);
  });
  const channel = new BroadcastChannel(name);
  channel.onmessage = (event: MessageEvent) => {
    const echo = echoes.indexOf(JSON.stringify(event.data));
    if (echo >= 0) {
      echoes.splice(echo, 1);
      return;
    }
    const summary = messageSummary(event.data);
    if (summary) emit(DEVTOOLS_EVENT.tabReceived, summary);
  };
  return () => {
    stopPosts();
    channel.close();
  };
}

/** How often the lock's holder is sampled: a refresh takes a few hundred ms at a real IdP. */
export const LOCK_POLL_MS = 100;

/**
 * Reports who holds the client's refresh lock (92) each time that changes: `this tab`, `another
 * tab` or `nobody`, with how many requests wait for it. Sampled, so a very short hold can be missed.
 * Only with Web Locks and shared tokens (`storage: 'local'`); the IndexedDB and localStorage leases
 * of browsers without Web Locks are not watched. Returns stop.
 */
export function watchRefreshLock(
  client: AuthClient,
  emit: Emit,
  locks: LockManager | undefined = globalThis.navigator?.locks,
): () => void {
  const name = refreshLockName(client);
  if (!name || !locks) return () => {};
  // This tab's clientId, as query() reports it: the holder of a lock only this watcher takes.
  const self = `sesame.devtools.self:${Math.random().toString(36).slice(2)}`;
  let release = () => {};
  void locks
    .request(self, () => new Promise<void>((resolve) => (release = resolve)))
    .catch(() => {});
  let last = 'nobody:0';
  let stopped = false;
  const sample = async () => {
    const { held = [], pending = [] } = await locks.query();
    if (stopped) return;
    const selfId = held.find((lock) => lock.name === self)?.clientId;
    const holder = held.find((lock) => lock.name === name);
    const who = !holder ? 'nobody' : holder.clientId === selfId ? 'this tab' : 'another tab';
    const waiting = pending.filter((lock) => lock.name === name).length;
    if (`${who}:${waiting}` === last) return;
    last = `${who}:${waiting}`;
    emit(DEVTOOLS_EVENT.lock, { holder: who, waiting });
  };
  const timer = setInterval(() => void sample().catch(() => {}), LOCK_POLL_MS);
  return () => {
    stopped = true;
    clearInterval(timer);
    release();
  };
}
