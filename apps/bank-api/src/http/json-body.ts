import type { IncomingMessage } from 'node:http';
import { ApiError } from './api-error.js';

/** Request bodies larger than this are refused with 413 (a transfer is a few hundred bytes). */
export const MAX_BODY_BYTES = 16 * 1024;

function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const [type, ...parameters] = header.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return parameters.every(
    (parameter) => !parameter.startsWith('charset=') || parameter === 'charset=utf-8',
  );
}

/**
 * Reads and parses a JSON request body: 415 `unsupported_media_type` unless it is
 * `application/json` (UTF-8), 413 `payload_too_large` beyond {@link MAX_BODY_BYTES} (checked
 * against Content-Length first, and while streaming), 400 `malformed_json` if it does not parse.
 */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  if (!isJsonContentType(req.headers['content-type'])) {
    throw new ApiError(415, 'unsupported_media_type', 'Send the body as application/json.');
  }
  const tooLarge = () =>
    new ApiError(413, 'payload_too_large', `The body may be at most ${MAX_BODY_BYTES} bytes.`, {
      headers: { connection: 'close' },
    });
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const raw = await collect(req, tooLarge);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw new ApiError(400, 'malformed_json', 'The body is not valid UTF-8.');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, 'malformed_json', 'The body is not valid JSON.');
  }
}

// Event-based rather than `for await`: leaving that loop early destroys the socket, and the
// client would never see the 413. Extra bytes are read and dropped until the response is sent.
function collect(req: IncomingMessage, tooLarge: () => ApiError): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        failed = true;
        chunks.length = 0;
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (error) => {
      failed = true;
      reject(error);
    });
  });
}
