// client.fetch edge cases, with the fake IdP and a small scripted API on 127.0.0.1.
import { createServer, type ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeIdp, type FakeIdp } from '@sesame/test-stack/fake-idp';
import { listenOnLoopback } from '@sesame/test-stack/loopback-server';
import { reachCallback, resetBrowser, signedIn } from './testing/harness';

let idp: FakeIdp;
let api: { url: string; seen: string[]; stop: () => Promise<void> };
const hanging: ServerResponse[] = [];

async function startApi() {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.url} ${req.headers.authorization ? 'token' : 'none'}`);
    if (req.url === '/hang') return void hanging.push(res);
    if (req.url === '/forbidden') return void res.writeHead(403).end('{"code":"account_frozen"}');
    if (req.url === '/unauthorized') {
      return void res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end();
    }
    res.writeHead(200).end('ok');
  });
  return { ...(await listenOnLoopback(server)), seen };
}

beforeEach(async () => {
  resetBrowser();
  idp = await startFakeIdp();
  api = await startApi();
});
afterEach(async () => {
  hanging.splice(0).forEach((res) => res.destroy());
  await api.stop();
  await idp.stop();
});

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e,
  );

describe('client.fetch edge cases', () => {
  it('resolves a 403 without an insufficient_scope challenge like fetch (an app-level refusal)', async () => {
    const { client } = await signedIn(idp, { apiOrigins: [api.url] });
    const response = await client.fetch(`${api.url}/forbidden`);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ code: 'account_frozen' });
    expect(idp.counters.refresh_token).toBe(0);
  });

  it('resolves relative URLs against the page, whose origin is not an API origin', async () => {
    const { client } = await signedIn(idp, { apiOrigins: [api.url] });
    const error = await rejection(client.fetch('/accounts', { auth: 'required' }));
    expect(error).toMatchObject({ code: 'token_origin_not_allowed' });
    expect((error as Error).message).toContain('http://localhost:3000 is not in apiOrigins');
  });

  it('rejects with the AbortError itself, before and during a request', async () => {
    const { client } = await signedIn(idp, { apiOrigins: [api.url] });
    const early = new AbortController();
    early.abort();
    const before = await rejection(client.fetch(`${api.url}/ok`, { signal: early.signal }));
    expect(before).toMatchObject({ name: 'AbortError' });
    expect(api.seen).toEqual([]);

    const late = new AbortController();
    const pending = rejection(client.fetch(`${api.url}/hang`, { signal: late.signal }));
    await expect.poll(() => api.seen, { timeout: 5000 }).toEqual(['/hang token']);
    late.abort();
    expect(await pending).toMatchObject({ name: 'AbortError' });
  });

  it('turns "no response" into a retryable network_error that names no token', async () => {
    const { client } = await signedIn(idp, { apiOrigins: [api.url] });
    const url = api.url;
    await api.stop();
    const error = await rejection(client.fetch(`${url}/ok`));
    expect(error).toMatchObject({ code: 'network_error', step: 'request', retryable: true });
    expect((error as Error).message).not.toContain(client.peekAccessToken()!);
  });

  it('ends the session on 401, refresh, 401 — with the API challenge in the error', async () => {
    const { client } = await signedIn(idp, { apiOrigins: [api.url] });
    const error = await rejection(client.fetch(`${api.url}/unauthorized`));
    expect(error).toMatchObject({ code: 'unauthorized', oauthError: 'invalid_token' });
    expect(client.getSnapshot()).toMatchObject({ status: 'unauthenticated', error });
    expect(api.seen).toEqual(['/unauthorized token', '/unauthorized token']);
    expect(idp.counters.refresh_token).toBe(1);
  });

  it('logs its decisions, never a token', async () => {
    const lines: string[] = [];
    const logger = { debug: (m: string, d?: unknown) => lines.push(`${m} ${JSON.stringify(d)}`) };
    const { client } = await signedIn(idp, { apiOrigins: [api.url], logger });
    const tokens = [client.peekAccessToken()!];
    await client.fetch('http://127.0.0.1:9/elsewhere').catch(() => {});
    await client.fetch(`${api.url}/unauthorized`).catch(() => {});
    const text = lines.join('\n');
    expect(text).toMatch(/not attaching token .*127\.0\.0\.1:9.*auto/);
    expect(text).toMatch(/refreshing after 401/);
    expect(text).toMatch(/retrying after 401/);
    expect(text).toMatch(/session ended: API rejected a refreshed token/);
    for (const token of tokens) expect(text).not.toContain(token);
  });

  it('drops an answer that arrives after the user changed (signed out, or someone else signed in)', async () => {
    const { client, navigate } = await signedIn(idp, { apiOrigins: [api.url] });
    const answerHanging = () => hanging.splice(0).forEach((res) => res.writeHead(200).end('jane'));

    const beforeSignOut = rejection(client.fetch(`${api.url}/hang`));
    await expect.poll(() => hanging.length, { timeout: 5000 }).toBe(1);
    await client.signOut({ redirect: false });
    answerHanging();
    expect(await beforeSignOut).toMatchObject({ code: 'user_changed', step: 'request' });

    await reachCallback(client, navigate, idp);
    await client.handleCallback();
    const beforeSwitch = rejection(client.fetch(`${api.url}/hang`));
    await expect.poll(() => hanging.length, { timeout: 5000 }).toBe(1);
    await reachCallback(client, navigate, idp, { sub: 'usr_john_smith' });
    await client.handleCallback();
    expect(client.getSnapshot().user?.sub).toBe('usr_john_smith');
    answerHanging();
    expect(await beforeSwitch).toMatchObject({ code: 'user_changed' });
    // The same user refreshing its token is not a change.
    const acrossRefresh = client.fetch(`${api.url}/hang`);
    await expect.poll(() => hanging.length, { timeout: 5000 }).toBe(1);
    await client.getAccessToken({ forceRefresh: true });
    answerHanging();
    expect((await acrossRefresh).status).toBe(200);
  });
});
