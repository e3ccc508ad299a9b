// An upstream API that answers with what it received, for the proxy's header and body rules: it
// plants a cookie and grants CORS in every answer (the BFF must strip both), and has a slow route
// and two 401 routes (a refused token, a refused proof). `/redirect?to=<url>&status=<3xx>` answers
// that redirect (302 by default), as a less trusted API might, with a body.
import { createServer } from 'node:http';
import {
  listenOnLoopback,
  receiveRequest,
  type ReceivedRequest,
} from '@sesame/test-stack/loopback-server';

export type EchoedRequest = ReceivedRequest;

export async function startEchoServer() {
  const requests: EchoedRequest[] = [];
  const server = createServer((req, res) => {
    void receiveRequest(req).then((echoed) => {
      requests.push(echoed);
      if (req.url?.startsWith('/slow')) {
        setTimeout(() => res.writeHead(200).end('late'), 15_000).unref();
        return;
      }
      if (req.url?.startsWith('/redirect')) {
        const query = new URL(req.url, 'http://echo.invalid').searchParams;
        res
          .writeHead(Number(query.get('status') ?? 302), {
            location: query.get('to') ?? '/',
            'content-type': 'text/plain',
          })
          .end('moved');
        return;
      }
      if (req.url?.startsWith('/bad-proof')) {
        res.writeHead(401, { 'www-authenticate': 'DPoP error="invalid_dpop_proof"' }).end();
        return;
      }
      if (req.url?.startsWith('/unauthorized')) {
        res.writeHead(401, { 'www-authenticate': 'DPoP error="invalid_token"' }).end();
        return;
      }
      res
        .writeHead(200, {
          'content-type': 'application/json',
          'set-cookie': ['planted=1; Path=/', 'other=2; Domain=127.0.0.1'],
          'access-control-allow-origin': '*',
          'access-control-allow-credentials': 'true',
          'x-upstream': 'echo',
        })
        .end(JSON.stringify(echoed));
    });
  });
  return { ...(await listenOnLoopback(server)), requests };
}
