import type { IncomingHttpHeaders, Server } from 'node:http';

// RFC 9110 §7.6.1: these describe one connection, not the message. A proxy that passed on the
// upstream's `Keep-Alive: timeout=30` would have clients reuse its sockets longer than it keeps them.
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
];

/** The headers of a message minus the hop-by-hop ones, for a proxy to pass on. */
export function endToEndHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const copy = { ...headers };
  for (const name of HOP_BY_HOP) delete copy[name];
  return copy;
}

/**
 * Keeps idle sockets open longer than a client reuses them (Node's default is 5 s, close to
 * undici's reuse window, so a busy test machine saw ECONNRESET on a healthy proxy).
 */
export function keepIdleSockets(server: Server): void {
  server.keepAliveTimeout = 30_000;
}
