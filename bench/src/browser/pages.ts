// Builds benchmark pages (a folder of apps/ with .html entries) with Vite and serves them on 127.0.0.1.
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

/**
 * A handler mounted in front of the pages on the same origin (a BFF: `toNodeHandler(bff)`); it
 * calls `next` for what it does not serve.
 */
export type MountedHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export interface ServedPages {
  readonly origin: string;
  stop(): Promise<void>;
}

/**
 * Production build of `apps/<folder>/<page>.html` for each page (same settings as the bundle
 * benchmark), served with `Cache-Control: no-store` so every navigation downloads and runs the
 * page's JS again. `options.mount` sees every request first, so a BFF can share the pages' origin.
 *
 * Each page is built on its own, as its app would be: built together, the pages would share chunks,
 * and a page would load and run code only another page uses (the BFF-mode page ran the browser-mode
 * engine and oidc-client-ts, through the chunk it shared with the browser-mode page).
 */
export async function buildAndServePages(
  folder: string,
  pages: readonly string[],
  options: { mount?: MountedHandler } = {},
): Promise<ServedPages> {
  const ROOT = fileURLToPath(new URL(`../../apps/${folder}/`, import.meta.url));
  const outDir = await mkdtemp(join(tmpdir(), 'sesame-ttd-'));
  for (const page of pages) {
    await build({
      configFile: false,
      root: ROOT,
      logLevel: 'silent',
      mode: 'production',
      define: { 'process.env.NODE_ENV': '"production"' },
      build: {
        outDir,
        emptyOutDir: false, // a fresh folder, shared by the pages' builds (file names are hashed)
        minify: true,
        target: 'es2022',
        reportCompressedSize: false,
        rolldownOptions: { input: { [page]: `${ROOT}${page}.html` } },
      },
    });
  }
  const serveFile = (req: IncomingMessage, res: ServerResponse) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const file = join(outDir, path);
    if (!file.startsWith(outDir)) {
      res.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => {
        res.writeHead(200, {
          'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
          'cache-control': 'no-store',
        });
        res.end(body);
      },
      () => res.writeHead(404).end(),
    );
  };
  const { mount } = options;
  const server = createServer((req, res) =>
    mount ? mount(req, res, () => serveFile(req, res)) : serveFile(req, res),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(outDir, { recursive: true, force: true });
    },
  };
}
