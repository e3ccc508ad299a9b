// A flaky network in front of the bank API: it forwards every request, and loses a share of the
// answers after the API has acted on them (the connection drops before the response arrives). That is
// the case idempotency keys exist for: the client cannot tell "not done" from "done, answer lost".
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { endToEndHeaders, keepIdleSockets } from './hop-by-hop';

/** A small seeded PRNG (mulberry32), so a run's faults are the same every time. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface LossyProxy {
  readonly url: string;
  /** Share (0..1) of answers lost after the API handled the request. */
  lossRate: number;
  /** Answers lost so far. */
  readonly lost: number;
  stop(): Promise<void>;
}

export async function startLossyProxy(target: string, random: () => number): Promise<LossyProxy> {
  const upstream = new URL(target);
  let lost = 0;
  const self = {
    url: '',
    lossRate: 0,
    get lost() {
      return lost;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const out = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: endToEndHeaders(req.headers),
      },
      (answer) => {
        if (random() < self.lossRate) {
          lost++;
          // Wait for the whole answer (the API has committed), then drop the client's connection.
          answer.resume();
          answer.on('end', () => req.socket.destroy());
          return;
        }
        res.writeHead(answer.statusCode ?? 502, endToEndHeaders(answer.headers));
        answer.pipe(res);
      },
    );
    out.on('error', () => req.socket.destroy());
    req.pipe(out);
  };
  const server = createServer(forward);
  keepIdleSockets(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  self.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return self;
}
