// Serves the built test app (dist/) on 127.0.0.1 with an SPA fallback, and /config.json with the
// settings of this run (the app is built once; ports differ from run to run).
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { InteropAppConfig } from '../src/app/config';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export interface AppServer {
  /** The app's origin, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  setConfig(config: InteropAppConfig): void;
  stop(): Promise<void>;
}

export async function startAppServer(dist: string): Promise<AppServer> {
  let config: InteropAppConfig | undefined;
  const server = createServer((request, response) => {
    const path = normalize(new URL(request.url ?? '/', 'http://app').pathname);
    if (path === '/config.json') {
      response.writeHead(config ? 200 : 503, { 'content-type': 'application/json' });
      response.end(JSON.stringify(config ?? null));
      return;
    }
    const file = join(dist, path === '/' ? 'index.html' : path);
    readFile(file.startsWith(dist) ? file : join(dist, 'index.html'))
      .then(
        (body) => ({ body, type: TYPES[extname(file)] ?? 'application/octet-stream' }),
        async () => ({ body: await readFile(join(dist, 'index.html')), type: TYPES['.html']! }),
      )
      .then(
        ({ body, type }) => {
          response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
          response.end(body);
        },
        () =>
          response
            .writeHead(500)
            .end('build the app first: pnpm --filter @sesame/interop-glewlwyd build'),
      );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setConfig(next) {
      config = next;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
