import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRoundRobinProxy, type Replica, type RoundRobinProxy } from './round-robin-proxy';

/** A server that answers with its name, what it received, two cookies and a Location. */
async function echoServer(name: string): Promise<{ server: Server; replica: Replica }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      response.setHeader('set-cookie', ['a=1; HttpOnly', 'b=2; Path=/']);
      response.setHeader('location', 'http://elsewhere.test/callback?code=x#y');
      response.writeHead(request.url?.startsWith('/redirect') ? 302 : 200, {
        'content-type': 'application/json',
      });
      response.end(
        JSON.stringify({
          name,
          method: request.method,
          url: request.url,
          host: request.headers.host,
          origin: request.headers.origin,
          cookie: request.headers.cookie,
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return { server, replica: { name, url: `http://127.0.0.1:${port}` } };
}

const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

let proxy: RoundRobinProxy;
let a: Awaited<ReturnType<typeof echoServer>>;
let b: Awaited<ReturnType<typeof echoServer>>;

beforeAll(async () => {
  [a, b] = await Promise.all([echoServer('a'), echoServer('b')]);
  proxy = await startRoundRobinProxy();
});

afterEach(() => {
  proxy.setReplicas([a.replica, b.replica]);
  proxy.clearRecord();
});

afterAll(async () => {
  await proxy.stop();
  await Promise.all([close(a.server), close(b.server)]);
});

const echo = async (response: Response) =>
  (await response.json()) as Record<string, string | undefined>;

describe('the round-robin proxy', () => {
  it('deals requests to the replicas in turn and records who served each', async () => {
    proxy.setReplicas([a.replica, b.replica]);
    const names: (string | undefined)[] = [];
    for (let i = 0; i < 4; i++) names.push((await echo(await fetch(`${proxy.url}/n/${i}`))).name);
    expect(names).toEqual(['a', 'b', 'a', 'b']);
    expect(proxy.record.map(({ replica, path, status }) => [replica, path, status])).toEqual([
      ['a', '/n/0', 200],
      ['b', '/n/1', 200],
      ['a', '/n/2', 200],
      ['b', '/n/3', 200],
    ]);
  });

  it('forwards Host, Origin, Cookie and the body as sent; hands back every Set-Cookie and the Location as the replica wrote them', async () => {
    proxy.setReplicas([a.replica]);
    const response = await fetch(`${proxy.url}/redirect?x=1`, {
      method: 'POST',
      headers: { origin: proxy.url, cookie: 'sesame=abc; other=1' },
      body: 'x'.repeat(200_000),
      redirect: 'manual',
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('http://elsewhere.test/callback?code=x#y');
    expect(response.headers.getSetCookie()).toEqual(['a=1; HttpOnly', 'b=2; Path=/']);
    const seen = await echo(response);
    expect(seen).toMatchObject({
      method: 'POST',
      url: '/redirect?x=1',
      host: new URL(proxy.url).host,
      origin: proxy.url,
      cookie: 'sesame=abc; other=1',
    });
    expect(seen.body).toHaveLength(200_000);
  });

  it('listens on the port asked for and reports each request as its answer ends', async () => {
    const served: string[] = [];
    const probe = await startRoundRobinProxy({
      onServed: (entry) => served.push(`${entry.replica} ${entry.path} ${entry.status}`),
    });
    const port = Number(new URL(probe.url).port);
    await probe.stop();
    const fixed = await startRoundRobinProxy({
      port,
      onServed: (entry) => served.push(`${entry.replica} ${entry.path} ${entry.status}`),
    });
    try {
      expect(fixed.url).toBe(`http://127.0.0.1:${port}`);
      fixed.setReplicas([b.replica]);
      await (await fetch(`${fixed.url}/x`)).text();
      await expect.poll(() => served).toEqual(['b /x 200']);
    } finally {
      await fixed.stop();
    }
  });

  it('skips a replica taken out until it is put back', async () => {
    proxy.setReplicas([a.replica, b.replica]);
    proxy.takeOut('a');
    const first = [await fetch(proxy.url), await fetch(proxy.url)];
    expect(await Promise.all(first.map(async (r) => (await echo(r)).name))).toEqual(['b', 'b']);
    proxy.putBack('a');
    const second = [await fetch(proxy.url), await fetch(proxy.url)];
    expect((await Promise.all(second.map(async (r) => (await echo(r)).name))).sort()).toEqual([
      'a',
      'b',
    ]);
  });

  it('takes out a replica that refuses connections and sends the request to the next; 502 when none is left', async () => {
    const gone = await echoServer('gone');
    await close(gone.server);
    proxy.setReplicas([gone.replica, b.replica]);
    const response = await fetch(proxy.url);
    expect((await echo(response)).name).toBe('b');
    expect((await echo(await fetch(proxy.url))).name).toBe('b');
    proxy.setReplicas([gone.replica]);
    expect((await fetch(proxy.url)).status).toBe(502);
    expect(proxy.record.at(-1)).toMatchObject({ replica: null, status: 502 });
  });
});
