// An upstream API for the BFF's proxy cases that records exactly what reached it (method, raw path,
// headers, body) and answers with what a careless or hostile API might send: cookies for the app's
// origin and a CORS grant in every answer, which the BFF must strip. `/v1/redirect?to=<url>`
// answers 302 to `to` (or `&status=307`...), so a case can check that the proxy neither follows it
// with the token nor lets the browser follow it back into the BFF.
import { createServer } from 'node:http';
import {
  listenOnLoopback,
  receiveRequest,
  type ReceivedRequest,
} from '@sesame/test-stack/loopback-server';

export type UpstreamRequest = ReceivedRequest;

export interface RecordingUpstream {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Every request that reached it, oldest first. */
  readonly requests: UpstreamRequest[];
  stop(): Promise<void>;
}

export const UPSTREAM_COOKIES = ['upstream=planted; Path=/', 'tracker=1; Path=/; Max-Age=3600'];

export async function startRecordingUpstream(): Promise<RecordingUpstream> {
  const requests: UpstreamRequest[] = [];
  const server = createServer((req, res) => {
    void receiveRequest(req).then((seen) => {
      requests.push(seen);
      const query = new URL(seen.path, 'http://upstream.invalid').searchParams;
      const to = query.get('to');
      if (to !== null) {
        const status = Number(query.get('status') ?? 302);
        res.writeHead(status, { location: to, 'set-cookie': UPSTREAM_COOKIES }).end();
        return;
      }
      res
        .writeHead(200, {
          'content-type': 'application/json',
          'set-cookie': UPSTREAM_COOKIES,
          'access-control-allow-origin': '*',
          'access-control-allow-credentials': 'true',
          'x-upstream': 'recording',
        })
        .end(JSON.stringify({ ok: true, method: seen.method, received: seen.body.length }));
    });
  });
  return { ...(await listenOnLoopback(server)), requests };
}
