import { StrictMode } from 'react';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MockAuthProvider, createMockAuthClient } from '@sesame/testing';
import type { BankClaims } from '../auth/session';
import { IdleWarningDialog } from './IdleWarningDialog';
import { SessionIndicator } from './SessionIndicator';

afterEach(cleanup);

const jane = { sub: 'jane', name: 'Jane Doe' };

function renderWith(ui: React.ReactNode) {
  const auth = createMockAuthClient<BankClaims>({ user: jane });
  render(
    <StrictMode>
      <MockAuthProvider client={auth}>
        <button type="button">Pay</button>
        {ui}
      </MockAuthProvider>
    </StrictMode>,
  );
  return auth;
}

describe('IdleWarningDialog', () => {
  it('opens as an alert dialog with focus on "Stay signed in", keeps Tab inside, and gives focus back', () => {
    const onSignOut = vi.fn();
    const auth = renderWith(<IdleWarningDialog onSignOut={onSignOut} />);
    const pay = screen.getByRole('button', { name: 'Pay' });
    pay.focus();
    expect(screen.queryByRole('alertdialog')).toBeNull();

    act(() => auth.setTimeouts({ idle: { warning: true, secondsLeft: 60 } }));
    const dialog = screen.getByRole('alertdialog', { name: 'Are you still there?' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(dialog.getAttribute('aria-describedby')!)!.textContent).toBe(
      'For your security you will be signed out in 60 s.',
    );
    const stay = screen.getByRole('button', { name: 'Stay signed in' });
    const out = screen.getByRole('button', { name: 'Sign out now' });
    expect(document.activeElement).toBe(stay);
    fireEvent.keyDown(stay, { key: 'Tab' });
    expect(document.activeElement).toBe(out);
    fireEvent.keyDown(out, { key: 'Tab' });
    expect(document.activeElement).toBe(stay);
    fireEvent.keyDown(stay, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(out);

    act(() => auth.setTimeouts({ idle: { warning: true, secondsLeft: 59 } }));
    expect(screen.getByTestId('idle-seconds-left').textContent).toBe('59');

    fireEvent.click(stay);
    expect(auth.calls.reportActivity).toBe(1);
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(auth.calls.reportActivity).toBe(2);
    fireEvent.click(out);
    expect(onSignOut).toHaveBeenCalledTimes(1);

    act(() => auth.setTimeouts({ idle: { warning: false, secondsLeft: null } }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(document.activeElement).toBe(pay);
  });
});

describe('SessionIndicator', () => {
  it('shows when the session ends, and says so as a status when it ends soon', () => {
    const auth = renderWith(<SessionIndicator />);
    const end = Date.UTC(2030, 0, 1, 17, 30);
    act(() => auth.setTimeouts({ sessionExpiresAt: end, sessionEndsSoon: false }));
    const ends = screen.getByTestId('session-ends');
    expect(ends.textContent).toMatch(/^Session ends /);
    expect(ends.getAttribute('role')).toBeNull();
    expect(ends.querySelector('time')!.getAttribute('dateTime')).toBe(new Date(end).toISOString());
    act(() => auth.setTimeouts({ sessionEndsSoon: true }));
    expect(screen.getByRole('status').textContent).toMatch(
      /^Session ends soon, at .*: save your work$/,
    );
  });

  it('shows no end when it is unknown', () => {
    renderWith(<SessionIndicator />);
    expect(screen.getByTestId('session-indicator').textContent).toContain('Jane Doe');
    expect(screen.queryByTestId('session-ends')).toBeNull();
  });
});
