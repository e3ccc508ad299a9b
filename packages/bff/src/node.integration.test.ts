// The node:http adapter on a bare http.createServer (no Express, no `next`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBffStack, type BffStack } from './test-support/stack';

describe('toNodeHandler on plain node:http', () => {
  let stack: BffStack;
  beforeAll(async () => {
    stack = await startBffStack({ adapter: 'node' });
  });
  afterAll(() => stack.stop());

  it('serves the BFF: sign-in, session, proxy, sign-out', async () => {
    const browser = stack.browser();
    const { callback } = await browser.signIn('ann', { returnTo: '/cards' });
    expect(callback.headers.get('location')).toBe('/cards');
    expect((await (await browser.fetch('/bff/session')).json()).user.sub).toBe('usr_ann_viewer');
    expect((await browser.fetch('/bff/api/bank/accounts')).status).toBe(200);
    expect((await browser.fetch('/bff/logout', { method: 'POST' })).status).toBe(200);
    expect((await browser.fetch('/bff/api/bank/accounts')).status).toBe(401);
  });

  it('answers 404 outside the prefix when there is no next handler', async () => {
    const response = await stack.browser().fetch('/elsewhere');
    expect(response.status).toBe(404);
    expect((await response.json()).error).toBe('not_found');
    expect((await stack.browser().fetch('/bff/nothing')).status).toBe(404);
  });
});
