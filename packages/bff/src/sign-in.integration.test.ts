import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADAPTERS, startBffStack, type BffStack } from './test-support/stack';

describe.each(ADAPTERS)('sign-in through the %s adapter', (adapter) => {
  let stack: BffStack;
  beforeAll(async () => {
    stack = await startBffStack({ adapter });
  });
  afterAll(() => stack.stop());

  it('signs in and shows the session', async () => {
    const browser = stack.browser();
    const { login, callback } = await browser.signIn('jane', { returnTo: '/accounts?x=1' });
    const authorize = new URL(login.headers.get('location')!);
    expect([...authorize.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe('/accounts?x=1');
    const session = await browser.fetch('/bff/session');
    expect(session.status).toBe(200);
    const body = await session.json();
    expect(body.user.sub).toBeTruthy();
  });
});
