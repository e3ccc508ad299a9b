import { describe, expect, it } from 'vitest';
import { downstreamResponseHeaders, upstreamRequestHeaders } from './proxy-headers';

describe('upstreamRequestHeaders', () => {
  it('never forwards what authenticates the browser to the BFF, nor hop-by-hop headers', () => {
    const incoming = new Headers({
      cookie: '__Host-sesame=secret',
      authorization: 'Bearer from-the-page',
      dpop: 'proof',
      'proxy-authorization': 'Basic x',
      'x-sesame-csrf': '1',
      origin: 'https://bank.example',
      referer: 'https://bank.example/accounts',
      host: 'bank.example',
      connection: 'keep-alive, x-private',
      'x-private': 'hop',
      'keep-alive': 'timeout=5',
      te: 'trailers',
      'transfer-encoding': 'chunked',
      upgrade: 'websocket',
      'content-length': '12',
      'x-forwarded-for': '10.0.0.1',
      forwarded: 'for=10.0.0.1',
      'x-real-ip': '10.0.0.1',
      'x-original-url': '/admin',
      'x-rewrite-url': '/admin',
      'sec-fetch-site': 'same-origin',
      'accept-encoding': 'gzip',
      accept: 'application/json',
      'content-type': 'application/json',
      'idempotency-key': 'k1',
      'accept-language': 'en',
    });
    expect(Object.fromEntries(upstreamRequestHeaders(incoming))).toEqual({
      accept: 'application/json',
      'content-type': 'application/json',
      'idempotency-key': 'k1',
      'accept-language': 'en',
    });
  });
});

describe('downstreamResponseHeaders', () => {
  it('strips Set-Cookie, hop-by-hop, CORS grants and the DPoP nonce; adds nosniff and no-store', () => {
    const upstream = new Headers({
      'content-type': 'application/json',
      etag: '"1"',
      connection: 'close, x-hop',
      'x-hop': '1',
      'content-encoding': 'gzip',
      'content-length': '10',
      'dpop-nonce': 'n',
      'access-control-allow-origin': '*',
      'access-control-allow-credentials': 'true',
      'www-authenticate': 'DPoP error="insufficient_scope"',
    });
    upstream.append('set-cookie', 'a=1');
    upstream.append('set-cookie', 'b=2; Domain=bank.example');
    const headers = downstreamResponseHeaders(upstream);
    expect(headers.getSetCookie()).toEqual([]);
    expect(Object.fromEntries(headers)).toEqual({
      'content-type': 'application/json',
      etag: '"1"',
      'www-authenticate': 'DPoP error="insufficient_scope"',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
  });

  it("keeps the API's own Cache-Control", () => {
    expect(
      downstreamResponseHeaders(new Headers({ 'cache-control': 'private, max-age=5' })).get(
        'cache-control',
      ),
    ).toBe('private, max-age=5');
  });
});
