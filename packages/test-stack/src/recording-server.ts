// An HTTP server on 127.0.0.1 (another origin than the API) that records what reaches it, for
// tests that check where tokens go. `/redirect?to=<url>` answers 302 to `to`; anything else 200.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { listenOnLoopback } from './loopback-server';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

export async function startRecordingServer() {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
    req.resume();
    const to = new URL(req.url ?? '/', 'http://x').searchParams.get('to');
    if (to) res.writeHead(302, { location: to }).end();
    else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  // Idle sockets outlive the client's reuse window (Node's 5 s default raced it under load).
  server.keepAliveTimeout = 30_000;
  return { ...(await listenOnLoopback(server)), requests };
}
