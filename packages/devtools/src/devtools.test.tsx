import { StrictMode } from 'react';
import { act, cleanup, fireEvent, render, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthClientProvider } from '@sesame/react';
import type { AuthClient } from '@sesame/core';
import { SesameDevtools } from './index';
import { DEVTOOLS_MARKER } from './marker';
import { createFakeClient, SETTINGS } from './test-client';

// Taken before any watcher wraps it: how another tab (another page, another prototype) posts.
const postFromAnotherTab = BroadcastChannel.prototype.postMessage;

afterEach(cleanup);

function shadow(): ShadowRoot {
  const root = document.querySelector(`[${DEVTOOLS_MARKER}]`)?.shadowRoot;
  if (!root) throw new Error('no devtools host');
  return root;
}
const inPanel = () => within(shadow() as unknown as HTMLElement);

function renderDevtools(client: AuthClient, initialOpen = false) {
  return render(
    <StrictMode>
      <SesameDevtools client={client} initialOpen={initialOpen} />
    </StrictMode>,
  );
}

async function open() {
  fireEvent.click(inPanel().getByRole('button', { name: 'Open Sesame devtools' }));
  return inPanel().findByRole('tablist', { name: 'Sesame devtools' });
}

describe('<SesameDevtools />', () => {
  it('renders a button in a shadow root, and the panel (lazy) when it is pressed', async () => {
    const { client } = createFakeClient();
    renderDevtools(client);
    expect(document.body.querySelector('[role="tablist"]')).toBeNull(); // nothing in the light DOM
    expect(inPanel().queryByRole('tablist')).toBeNull();
    const tablist = await open();
    expect(
      within(tablist)
        .getAllByRole('tab')
        .map((tab) => tab.textContent),
    ).toEqual(['Session', 'Timeline', 'Requests', 'Settings']);
  });

  it('takes the client from the nearest AuthProvider when none is passed', async () => {
    const { client } = createFakeClient();
    render(
      <AuthClientProvider client={client}>
        <SesameDevtools initialOpen />
      </AuthClientProvider>,
    );
    expect(await inPanel().findByText('Jane Doe')).toBeTruthy();
  });

  it('Session: status, mode, storage, live expiry countdown, scopes and claims', async () => {
    const fake = createFakeClient();
    renderDevtools(fake.client, true);
    const session = await inPanel().findByRole('tabpanel');
    expect(session.textContent).toContain('authenticated');
    expect(session.textContent).toContain('browser, Bearer tokens');
    expect(session.textContent).toMatch(/Access token expires1m 3\ds/);
    expect(session.textContent).toContain('openid profile accounts:read');
    expect(within(session).getByText('Jane Doe')).toBeTruthy();
    act(() =>
      fake.setTimeouts({
        idle: { warning: true, secondsLeft: 42 },
        sessionExpiresAt: null,
        sessionEndsSoon: false,
      }),
    );
    expect(session.textContent).toContain('signing out in 42s');
    act(() =>
      fake.setTimeouts({
        idle: { warning: false, secondsLeft: null },
        sessionExpiresAt: Date.now() + 3_600_000,
        sessionEndsSoon: false,
      }),
    );
    expect(session.textContent).toMatch(/Session ends(59m 5\ds|1h 00m 00s)/);
    act(() => fake.setState({ status: 'unauthenticated', user: null, error: null }));
    expect(session.textContent).toContain('unauthenticated');
    expect(within(session).queryByText('Jane Doe')).toBeNull();
  });

  it('Session: the idle countdown from the last activity the tabs shared', async () => {
    const key = 'sesame.activity:bank-dashboard@https://idp.example';
    localStorage.setItem(key, String(Date.now() - 60_000));
    try {
      const fake = createFakeClient({ ...SETTINGS, storage: 'local', idleTimeoutSeconds: 600 });
      fake.setTimeouts({
        idle: { warning: false, secondsLeft: null },
        sessionExpiresAt: null,
        sessionEndsSoon: false,
      });
      renderDevtools(fake.client, true);
      const session = await inPanel().findByRole('tabpanel');
      expect(session.textContent).toMatch(
        /Idle timerrunning: signs out in (9m 00s|8m 59s) without activity/,
      );
    } finally {
      localStorage.removeItem(key);
    }
  });

  it('Session in BFF mode says so, and where the tokens are', async () => {
    const fake = createFakeClient({
      baseUrl: '/bff',
      sessionCheckSeconds: 300,
      sessionEndWarningSeconds: 300,
    });
    renderDevtools(fake.client, true);
    const session = await inPanel().findByRole('tabpanel');
    expect(session.textContent).toContain('BFF (no token in the page)');
    expect(session.textContent).toContain('on the server (BFF at /bff');
  });

  it('keyboard: arrows, Home and End move between tabs with the focus; Escape closes and refocuses the button', async () => {
    const { client } = createFakeClient();
    renderDevtools(client);
    const tablist = await open();
    const tabs = within(tablist).getAllByRole('tab');
    await act(async () => {}); // the panel's focus effect
    expect(shadow().activeElement).toBe(tabs[0]);
    fireEvent.keyDown(tabs[0]!, { key: 'ArrowRight' });
    expect(shadow().activeElement).toBe(tabs[1]);
    expect(tabs[1]!.getAttribute('aria-selected')).toBe('true');
    expect(tabs[0]!.getAttribute('tabindex')).toBe('-1');
    expect(inPanel().getByRole('tabpanel').getAttribute('aria-labelledby')).toBe(tabs[1]!.id);
    fireEvent.keyDown(tabs[1]!, { key: 'End' });
    expect(shadow().activeElement).toBe(tabs[3]);
    fireEvent.keyDown(tabs[3]!, { key: 'ArrowRight' });
    expect(shadow().activeElement).toBe(tabs[0]);
    fireEvent.keyDown(tabs[0]!, { key: 'ArrowLeft' });
    expect(shadow().activeElement).toBe(tabs[3]);
    fireEvent.keyDown(tabs[3]!, { key: 'Home' });
    expect(shadow().activeElement).toBe(tabs[0]);
    fireEvent.keyDown(tabs[0]!, { key: 'Escape' });
    expect(inPanel().queryByRole('tablist')).toBeNull();
    expect(shadow().activeElement).toBe(
      inPanel().getByRole('button', { name: 'Open Sesame devtools' }),
    );
  });

  it('Timeline: the events recorded since mount (before opening), labelled, filtered by kind', async () => {
    const fake = createFakeClient();
    renderDevtools(fake.client);
    await act(async () => {});
    act(() => {
      fake.emit(8, { reason: 'stale' });
      fake.emit(9, { expiresAt: 2e9 });
      fake.emit(60, { origin: 'https://api.example' });
    });
    const tablist = await open();
    fireEvent.click(within(tablist).getByRole('tab', { name: 'Timeline' }));
    // Oldest first here (the table shows the newest first).
    const rows = () =>
      [...inPanel().getByRole('table', { name: 'Events' }).querySelectorAll('tbody tr')].reverse();
    expect(rows().map((row) => row.getAttribute('data-event'))).toEqual([
      '70',
      '71',
      '8',
      '9',
      '60',
    ]);
    expect(rows()[2]!.textContent).toContain('refreshing');
    expect(rows()[2]!.textContent).toContain('"reason":"forced"'); // core's reason (fresh token)
    // a new event appears while the panel is open
    act(() => fake.emit(10, { code: 'refresh_failed' }));
    expect(rows()).toHaveLength(6);
    fireEvent.click(inPanel().getByRole('checkbox', { name: 'token' }));
    expect(rows().map((row) => row.getAttribute('data-event'))).toEqual(['70', '71', '60']);
    expect(inPanel().getByRole('img').getAttribute('aria-label')).toMatch(/^Time axis: 3 events/);
  });

  it('Requests: each client.fetch with its token decision, its status and the 401 rule', async () => {
    const fake = createFakeClient();
    // As core's fetch: its decision events while the call runs, then the answer.
    (fake.client.fetch as ReturnType<typeof vi.fn>).mockImplementation(async (url: string) => {
      if (url.startsWith('https://api.example')) {
        fake.emit(60, { origin: 'https://api.example' });
        fake.emit(16);
        fake.emit(17);
        return new Response(null, { status: 200 });
      }
      fake.emit(15, { origin: 'https://cdn.example', auth: 'auto' });
      return new Response(null, { status: 404 });
    });
    renderDevtools(fake.client, true);
    await inPanel().findByRole('tablist');
    await act(async () => {
      await fake.client.fetch('https://api.example/accounts?page=2');
      await fake.client.fetch('https://cdn.example/logo.svg');
    });
    fireEvent.click(inPanel().getByRole('tab', { name: 'Requests' }));
    const table = inPanel().getByRole('table', { name: 'Requests' });
    expect([...table.querySelectorAll('thead th')].map((cell) => cell.textContent)).toEqual([
      'Time',
      'Request',
      'Access token',
      'Status',
      '401 rule',
    ]);
    const rows = [...table.querySelectorAll('tbody tr')];
    expect(rows.map((row) => [...row.children].slice(1).map((cell) => cell.textContent))).toEqual([
      ['GET https://cdn.example/logo.svg', 'not sent: origin not in apiOrigins', '404', '—'],
      ['GET https://api.example/accounts', 'sent', '200', '401 → refreshed → retried'],
    ]);
  });

  it('Requests in BFF mode: a call to the BFF API goes with the cookie via the proxy, with its status', async () => {
    const fake = createFakeClient({
      baseUrl: '/bff',
      sessionCheckSeconds: 300,
      sessionEndWarningSeconds: 300,
    });
    (fake.client.fetch as ReturnType<typeof vi.fn>).mockResolvedValue(
      new Response(null, { status: 503 }),
    );
    renderDevtools(fake.client, true);
    await inPanel().findByRole('tablist');
    await act(async () => {
      await fake.client.fetch('/bff/api/bank/accounts');
    });
    fireEvent.click(inPanel().getByRole('tab', { name: 'Requests' }));
    const row = inPanel().getByRole('table', { name: 'Requests' }).querySelector('tbody tr')!;
    expect([...row.children].slice(1).map((cell) => cell.textContent)).toEqual([
      `GET ${location.origin}/bff/api/bank/accounts`,
      'cookie via BFF proxy',
      '503',
      '—',
    ]);
  });

  it('Timeline: cross-tab messages, the refresh lock and the timers in words', async () => {
    const fake = createFakeClient({ ...SETTINGS, storage: 'local' });
    renderDevtools(fake.client, true);
    await inPanel().findByRole('tablist');
    const other = new BroadcastChannel('sesame:bank-dashboard@https://idp.example');
    try {
      postFromAnotherTab.call(other, { type: 'signed-out', reason: 'sign_out' });
      await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    } finally {
      other.close();
    }
    act(() =>
      fake.setTimeouts({
        idle: { warning: true, secondsLeft: 42 },
        sessionExpiresAt: null,
        sessionEndsSoon: false,
      }),
    );
    fireEvent.click(inPanel().getByRole('tab', { name: 'Timeline' }));
    const heard = inPanel()
      .getByRole('table', { name: 'Events' })
      .querySelector('[data-event="91"]')!;
    expect(heard.textContent).toContain('heard from another tab');
    expect(heard.textContent).toContain('tabs');
    expect(heard.textContent).toContain('"type":"signed-out","reason":"sign_out"');
    const timers = inPanel()
      .getByRole('table', { name: 'Events' })
      .querySelector('[data-event="71"]')!;
    expect(timers.textContent).toContain('idle warning: 42s left; session end unknown');
  });

  it('Settings: the resolved settings and the checks they passed', async () => {
    const { client } = createFakeClient();
    renderDevtools(client, true);
    fireEvent.click(await inPanel().findByRole('tab', { name: 'Settings' }));
    const panel = inPanel().getByRole('tabpanel');
    expect(panel.textContent).toContain('scope "openid profile accounts:read" contains openid');
    expect(panel.textContent).toContain('apiOrigins: 1 exact origin(s)');
    expect(
      within(panel).getByRole('row', { name: /refreshBeforeExpirySeconds/ }).textContent,
    ).toContain('30');
    expect(within(panel).getByRole('row', { name: /navigate/ }).textContent).toContain('function');
  });

  it('Force a refresh asks the client for a forced refresh', async () => {
    const { client } = createFakeClient();
    renderDevtools(client, true);
    fireEvent.click(await inPanel().findByRole('button', { name: 'Force a refresh' }));
    expect(client.getAccessToken).toHaveBeenCalledWith({ forceRefresh: true });
    expect(await inPanel().findByText('Force a refresh: done')).toBeTruthy();
  });

  it("with core's development actions: each button calls its action", async () => {
    const actions = {
      forceRefresh: vi.fn(async () => {}),
      expireAccessToken: vi.fn(),
      signOutThisTab: vi.fn(),
    };
    const { client } = createFakeClient(undefined, actions);
    renderDevtools(client, true);
    fireEvent.click(await inPanel().findByRole('button', { name: 'Force a refresh' }));
    fireEvent.click(inPanel().getByRole('button', { name: 'Expire the access token' }));
    fireEvent.click(inPanel().getByRole('button', { name: 'Sign out this tab' }));
    await inPanel().findByText('Sign out this tab: done');
    expect(actions.forceRefresh).toHaveBeenCalledOnce();
    expect(actions.expireAccessToken).toHaveBeenCalledOnce();
    expect(actions.signOutThisTab).toHaveBeenCalledOnce();
    expect(client.getAccessToken).not.toHaveBeenCalled();
  });

  it('without them (a production build of core) only what the public API can do is enabled', async () => {
    const { client } = createFakeClient();
    renderDevtools(client, true);
    const button = (name: string) => inPanel().getByRole('button', { name }) as HTMLButtonElement;
    await inPanel().findByRole('tablist');
    expect(button('Force a refresh').disabled).toBe(false);
    expect(button('Expire the access token').disabled).toBe(true);
    expect(button('Sign out this tab').disabled).toBe(true);
  });

  it('Simulate a 401 answers the next token-bearing request with a 401, once, without sending it', async () => {
    const sent: string[] = [];
    const original = globalThis.fetch;
    globalThis.fetch = async (input) => {
      sent.push(String(input));
      return new Response('ok');
    };
    try {
      const { client } = createFakeClient();
      renderDevtools(client, true);
      fireEvent.click(
        await inPanel().findByRole('button', { name: 'Simulate a 401 on the next request' }),
      );
      await inPanel().findByText('Simulate a 401 on the next request: done');
      expect((await fetch('https://cdn.example/a.js')).status).toBe(200); // no token: passes
      const refused = await fetch('https://api.example/x', {
        headers: { Authorization: 'Bearer t' },
      });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('WWW-Authenticate')).toContain('invalid_token');
      const retried = await fetch('https://api.example/x', {
        headers: { Authorization: 'Bearer u' },
      });
      expect(retried.status).toBe(200);
      expect(sent).toEqual(['https://cdn.example/a.js', 'https://api.example/x']);
    } finally {
      globalThis.fetch = original;
    }
  });

  it('actions are disabled when nobody is signed in', async () => {
    const fake = createFakeClient();
    fake.setState({ status: 'unauthenticated', user: null, error: null });
    renderDevtools(fake.client, true);
    const button = await inPanel().findByRole('button', { name: 'Force a refresh' });
    expect((button as HTMLButtonElement).disabled).toBe(true);
  });

  it('the theme toggle forces light or dark; the default follows the system', async () => {
    const { client } = createFakeClient();
    renderDevtools(client, true);
    const select = await inPanel().findByRole('combobox', { name: 'Theme' });
    const root = shadow().querySelector('.root')!;
    expect(root.getAttribute('data-theme')).toBe('system');
    fireEvent.change(select, { target: { value: 'dark' } });
    expect(root.getAttribute('data-theme')).toBe('dark');
  });

  it('stops listening to the client and removes its host on unmount', async () => {
    const fake = createFakeClient();
    const view = renderDevtools(fake.client);
    await act(async () => {});
    expect(fake.listening()).toBe(1);
    view.unmount();
    expect(fake.listening()).toBe(0);
    expect(document.querySelector(`[${DEVTOOLS_MARKER}]`)).toBeNull();
  });
});
