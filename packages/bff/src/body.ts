// Request bodies for the proxy: read whole (an upstream 401 is answered by a retry, which must send
// the same bytes again) and never beyond the limit.

/** The outcome of {@link readLimitedBody}. */
export type BodyRead = { ok: true; body: Uint8Array | undefined } | { ok: false };

/**
 * The request's body, at most `maxBytes`: a declared `Content-Length` over the limit is refused
 * before anything is read, and a stream is cancelled as soon as it passes the limit. GET and HEAD
 * have none.
 */
export async function readLimitedBody(request: Request, maxBytes: number): Promise<BodyRead> {
  if (request.method === 'GET' || request.method === 'HEAD' || request.body === null) {
    return { ok: true, body: undefined };
  }
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxBytes) {
    await request.body.cancel().catch(() => {});
    return { ok: false };
  }
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      return { ok: false };
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, body };
}
