import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen } from '@testing-library/react';
import { Profiler } from 'react';
import { idleTimer } from '@sesame/core';
import { useAuth, useIdleTimeout, useSessionEnd } from './index';
import { atCallback, fakeIdpPerTest, makeClient, renderStrict } from './test-utils';

const idp = fakeIdpPerTest();
afterEach(() => {
  vi.useRealTimers();
});

async function signedInClient() {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  const made = makeClient(idp(), {
    idleTimeoutSeconds: 120,
    idleTimer,
    idleWarningSeconds: 30,
    sessionMaxAgeSeconds: 3600,
  });
  await atCallback(made.client, made.navigate, idp());
  await made.client.handleCallback();
  return made;
}

function IdleWarning() {
  const { enabled, warning, secondsLeft, staySignedIn } = useIdleTimeout();
  if (!enabled) return <p>idle off</p>;
  return warning ? (
    <div role="alertdialog" aria-label="Still there?">
      You will be signed out in {secondsLeft} s
      <button onClick={staySignedIn}>Stay signed in</button>
    </div>
  ) : null;
}

function SessionEnd() {
  const { sessionExpiresAt, sessionEndsSoon } = useSessionEnd();
  return (
    <p data-testid="end">
      {String(sessionExpiresAt !== null)} {String(sessionEndsSoon)}
    </p>
  );
}

describe('useIdleTimeout', () => {
  it('shows the countdown, "Stay signed in" resets it, and name selectors never re-render on ticks', async () => {
    const { client } = await signedInClient();
    let nameRenders = 0;
    function Name() {
      return <span>{useAuth((s) => s.user?.profile.name)}</span>;
    }
    renderStrict(
      <>
        <Profiler id="name" onRender={() => nameRenders++}>
          <Name />
        </Profiler>
        <IdleWarning />
        <SessionEnd />
      </>,
      { client },
    );
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(screen.getByText('Jane Doe')).toBeTruthy();
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.getByTestId('end').textContent).toBe('true false');
    const before = nameRenders;

    await act(() => vi.advanceTimersByTimeAsync(90_000));
    expect(screen.getByRole('alertdialog').textContent).toContain('signed out in 30 s');
    await act(() => vi.advanceTimersByTimeAsync(10_000));
    expect(screen.getByRole('alertdialog').textContent).toContain('signed out in 20 s');
    expect(nameRenders).toBe(before);

    fireEvent.click(screen.getByRole('button', { name: 'Stay signed in' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    await act(() => vi.advanceTimersByTimeAsync(119_000));
    expect(client.getSnapshot().status).toBe('authenticated');
    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(client.getSnapshot()).toMatchObject({
      status: 'unauthenticated',
      error: { code: 'idle_timeout' },
    });
    expect(screen.getByText('idle off')).toBeTruthy();
    expect(screen.getByTestId('end').textContent).toBe('false false');
  });
});

describe('useSessionEnd', () => {
  it('turns "ends soon" on 300 s before the session ends', async () => {
    const { client } = await signedInClient();
    client.reportActivity(); // keep the idle timer out of the way
    renderStrict(<SessionEnd />, { client });
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(screen.getByTestId('end').textContent).toBe('true false');
    const end = client.getTimeouts().sessionExpiresAt!;
    for (let t = Date.now(); t < end - 300_000; t = Date.now()) {
      await act(() => vi.advanceTimersByTimeAsync(Math.min(60_000, end - 300_000 - t)));
      client.reportActivity();
    }
    expect(screen.getByTestId('end').textContent).toBe('true true');
  });
});
