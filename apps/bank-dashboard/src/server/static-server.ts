import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { NodeHandler } from '@sesame/bff';
import { configScript, type DashboardConfig } from '../config/runtime-config';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticServerOptions {
  /** Directory of the built app (holds `index.html`). */
  root: string;
  host: string;
  port: number;
  /** Read on every request to `/config.js`, so it can change while the server runs. */
  config: () => Partial<DashboardConfig>;
  /** One line per request. */
  log: (line: string) => void;
  /**
   * BFF mode's handler (read on every request): it answers the paths under its prefix and passes
   * the others on to the static files. `undefined`: browser mode.
   */
  bff?: () => NodeHandler | undefined;
}

/**
 * The page may talk to its own origin, the IdP and the API, and nothing else; it may submit forms to
 * itself and to the IdP (sign-out posts the logout request there). In BFF mode it talks to its own
 * origin only: the BFF there reaches the IdP and the API for it.
 */
function contentSecurityPolicy(config: Partial<DashboardConfig>): string {
  const idp = config.authority ? ` ${new URL(config.authority).origin}` : '';
  const origins = (config.bff ? [] : [config.authority, config.apiUrl, config.investApiUrl])
    .filter((value): value is string => Boolean(value))
    .map((value) => new URL(value).origin);
  return [
    "default-src 'self'",
    ['connect-src', "'self'", ...origins].join(' '),
    "img-src 'self' data:",
    "style-src 'self'",
    "script-src 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    `form-action 'self'${idp}`,
    "object-src 'none'",
  ].join('; ');
}

function send(
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body?: string,
) {
  response.writeHead(status, headers);
  response.end(body);
}

async function fileFor(root: string, pathname: string): Promise<string | undefined> {
  const candidate = normalize(join(root, decodeURIComponent(pathname)));
  if (candidate !== root && !candidate.startsWith(root + sep)) return undefined;
  try {
    return (await stat(candidate)).isFile() ? candidate : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A small static server for the built single-page app: files from `root`, `/config.js` from the
 * current config, and `index.html` for any other path without a file extension (client routes).
 */
export function createStaticServer(options: StaticServerOptions) {
  const root = normalize(options.root);
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const started = performance.now();
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    const config = options.config();
    const common = {
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    };
    const finish = (status: number) =>
      options.log(
        `${request.method} ${pathname} ${status} ${(performance.now() - started).toFixed(1)}ms`,
      );

    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(response, 405, { ...common, Allow: 'GET, HEAD' });
      return finish(405);
    }
    if (pathname === '/config.js') {
      send(
        response,
        200,
        { ...common, 'Content-Type': TYPES['.js']!, 'Cache-Control': 'no-store' },
        configScript(config),
      );
      return finish(200);
    }
    let file: string | undefined;
    try {
      file = await fileFor(root, pathname);
    } catch {
      file = undefined; // a malformed %-escape
    }
    const isAppRoute = !file && extname(pathname) === '';
    if (isAppRoute) file = join(root, 'index.html');
    if (!file) {
      send(response, 404, { ...common, 'Content-Type': TYPES['.txt']! }, 'Not found\n');
      return finish(404);
    }
    const isHtml = file.endsWith('.html');
    const headers: Record<string, string> = {
      ...common,
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      // Hashed assets never change; pages must not be kept (a signed-out user's back button).
      'Cache-Control': pathname.startsWith('/assets/')
        ? 'public, max-age=31536000, immutable'
        : 'no-store',
    };
    if (isHtml) headers['Content-Security-Policy'] = contentSecurityPolicy(config);
    response.writeHead(200, headers);
    if (request.method === 'HEAD') {
      response.end();
    } else {
      createReadStream(file).pipe(response);
    }
    finish(200);
  };

  const serveStatic = (request: IncomingMessage, response: ServerResponse) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) send(response, 500, {}, 'Internal error\n');
      else response.destroy();
    });
  };
  const server = createServer((request, response) => {
    // The BFF first: it takes its own paths (any method; it logs them itself) and hands back the rest.
    const bff = options.bff?.();
    if (!bff) return serveStatic(request, response);
    bff(request, response, (error) => {
      if (error === undefined) return serveStatic(request, response);
      // The BFF answers its own failures; this is one it could not (nothing written yet).
      if (!response.headersSent) send(response, 500, {}, 'Internal error\n');
      else response.destroy();
    });
  });

  return {
    async listen(): Promise<string> {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port, options.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const { port } = server.address() as AddressInfo;
      return `http://${options.host}:${port}`;
    },
    async close(): Promise<void> {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
