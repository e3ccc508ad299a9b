// The node:http adapter: mounts the Fetch API handler on `http.createServer`, Express or Connect.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { Bff } from './bff';

/** A node:http request handler; in Express and Connect, `next` passes non-BFF paths on. */
export type NodeHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: (error?: unknown) => void,
) => void;

/** The request target as received: Express keeps it in `originalUrl` when mounted under a path. */
const targetOf = (req: IncomingMessage): string =>
  (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';

/**
 * Turns the BFF into a node:http handler. Requests outside the BFF's prefix go to `next` (Express,
 * Connect) or get a 404 (plain `http.createServer`). Mount it before any body parser: it reads the
 * request body itself.
 *
 * @example
 * import express from 'express';
 * const app = express();
 * app.use(toNodeHandler(bff));
 * app.use(express.static('dist'));
 */
export function toNodeHandler(bff: Bff): NodeHandler {
  return (req, res, next) => {
    const rawPath = targetOf(req);
    // A fixed base: the BFF never trusts the Host header (its own URLs come from its options).
    let url: URL;
    try {
      url = new URL(rawPath, 'http://bff.invalid');
    } catch {
      url = new URL('http://bff.invalid/');
    }
    if (!bff.handles(url.pathname) && next) {
      next();
      return;
    }
    const method = req.method ?? 'GET';
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
    }
    const hasBody = method !== 'GET' && method !== 'HEAD';
    const request = new Request(url, {
      method,
      headers,
      ...(hasBody ? { body: requestBody(req), duplex: 'half' } : {}),
    } as RequestInit);
    bff(request, { rawPath: rawPath.split('?')[0] ?? rawPath })
      .then((response) => writeResponse(response, res))
      .catch((error: unknown) => {
        if (next) next(error);
        else {
          res.statusCode = 500;
          res.end();
        }
      });
  };
}

/**
 * The request body as a web stream that reads only as fast as it is consumed, and stops reading
 * (discarding the rest) when the BFF cancels it, as it does past `maxBodyBytes`.
 */
function requestBody(req: IncomingMessage): ReadableStream<Uint8Array> {
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on('data', (chunk: Buffer) => {
        if (cancelled) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      req.once('end', () => {
        if (!cancelled) controller.close();
      });
      req.on('error', (error) => {
        if (!cancelled) controller.error(error);
      });
      req.pause();
    },
    pull() {
      req.resume();
    },
    cancel() {
      cancelled = true;
      // Drained and dropped, so that the answer (413) can still be written on this connection.
      req.resume();
    },
  });
}

async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie') headers[name] = value;
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(response.status, headers);
  if (response.body === null) {
    res.end();
    return;
  }
  const body = Readable.fromWeb(response.body as NodeReadableStream);
  await new Promise<void>((resolve, reject) => {
    body.on('error', reject);
    res.on('close', resolve);
    body.pipe(res);
  }).catch(() => res.destroy());
}
