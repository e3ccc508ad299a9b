import type { ServerResponse } from 'node:http';
import type { ApiResponse } from './api-response.js';
import { SECURITY_HEADER_LIST } from './security-headers.js';

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * Writes the response with all its headers in one `writeHead` call: the security headers, the
 * CORS headers and the response's own, as one flat list (no `setHeader` per header).
 */
export function send(
  res: ServerResponse,
  response: ApiResponse,
  corsHeaders: readonly string[],
): void {
  const headers = [...SECURITY_HEADER_LIST, ...corsHeaders];
  if (response.headers !== undefined) {
    for (const [name, value] of Object.entries(response.headers)) headers.push(name, value);
  }
  if (response.body === undefined) {
    res.writeHead(response.status, headers).end();
    return;
  }
  const json = JSON.stringify(response.body);
  headers.push('content-type', JSON_CONTENT_TYPE, 'content-length', `${Buffer.byteLength(json)}`);
  res.writeHead(response.status, headers).end(json);
}
