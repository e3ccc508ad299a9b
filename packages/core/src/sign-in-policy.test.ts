import { describe, expect, it } from 'vitest';
import { AuthError, type AuthErrorCode } from './errors';
import { AUTO_SIGN_IN_COOLDOWN_MS, decideAutoSignIn, signInPrompt } from './sign-in-policy';
import type { AuthState } from './types';

/** The policy's arguments by name, so that each row of the table says what it changes. */
interface Circumstances {
  state: AuthState;
  reauth: boolean;
  now: number;
  signedInAt: number;
  leftAt: number;
  busy: boolean;
}
const decide = (c: Circumstances) =>
  decideAutoSignIn(c.state, c.reauth, c.now, c.signedInAt, c.leftAt, c.busy);

const NOW = 1_000_000_000_000;
const error = (code: AuthErrorCode) => new AuthError(code, code, { step: 'sign_in' });
const signedOut = (code?: AuthErrorCode): AuthState => ({
  status: 'unauthenticated',
  user: null,
  error: code ? error(code) : null,
});
const failed = (code: AuthErrorCode): AuthState => ({
  status: 'error',
  user: null,
  error: error(code),
});

/** Nobody signed in, nothing remembered: the plain case, which each row changes. */
const base: Circumstances = {
  state: signedOut(),
  reauth: false,
  now: NOW,
  signedInAt: 0,
  leftAt: 0,
  busy: false,
};

// The answer: 'go', 'wait', or the code of the AuthError to show.
const table: [string, Partial<Circumstances>, string][] = [
  ['nobody signed in, nothing remembered', {}, 'go'],
  [
    'the session ended (login_required) long after signing in',
    { state: signedOut('login_required'), signedInAt: NOW - AUTO_SIGN_IN_COOLDOWN_MS },
    'go',
  ],
  [
    'a 401 storm ended it (unauthorized) long after signing in',
    { state: signedOut('unauthorized'), signedInAt: NOW - 120_000 },
    'go',
  ],
  ['signed out for inactivity', { state: signedOut('idle_timeout'), reauth: true }, 'idle_timeout'],
  [
    'signed out for inactivity, the flag already cleared by another tab',
    { state: signedOut('idle_timeout') },
    'idle_timeout',
  ],
  [
    'the session was found dead as the IdP came back from an outage (session_lost)',
    { state: signedOut('session_lost'), signedInAt: NOW - 600_000 },
    'session_lost',
  ],
  [
    'signed out in another tab',
    { state: signedOut('signed_out_elsewhere') },
    'signed_out_elsewhere',
  ],
  [
    'the last sign-in failed (access denied)',
    { state: failed('callback_error') },
    'callback_error',
  ],
  [
    'the last automatic sign-in was refused',
    { state: failed('redirect_loop_prevented') },
    'redirect_loop_prevented',
  ],
  [
    'the last sign-in failed, even long after the cooldown',
    { state: failed('discovery_invalid'), leftAt: NOW - 3_600_000 },
    'discovery_invalid',
  ],
  [
    'after an idle sign-out, a silent sign-in was refused',
    { state: signedOut('login_required'), reauth: true },
    'login_required',
  ],
  [
    'after an idle sign-out and a reload (no error): prompt=login is added, but it goes',
    { reauth: true },
    'go',
  ],
  ['a sign-in redirect (or a sign-out) is under way', { busy: true }, 'wait'],
  ['a redirect is under way within the cooldown', { busy: true, leftAt: NOW - 1 }, 'wait'],
  [
    'a redirect is under way, but signed out in another tab',
    { busy: true, state: signedOut('signed_out_elsewhere') },
    'signed_out_elsewhere',
  ],
  [
    'the session died just after signing in',
    { state: signedOut('login_required'), signedInAt: NOW - 1_000 },
    'redirect_loop_prevented',
  ],
  [
    'a 401 storm just after signing in',
    { state: signedOut('unauthorized'), signedInAt: NOW - 1_000 },
    'redirect_loop_prevented',
  ],
  [
    'back from the IdP without an answer (the back button)',
    { leftAt: NOW - 5_000 },
    'redirect_loop_prevented',
  ],
  [
    'the cooldown reads the later of the two marks',
    { signedInAt: NOW - 120_000, leftAt: NOW - 59_999 },
    'redirect_loop_prevented',
  ],
  [
    'the cooldown is over',
    { signedInAt: NOW - AUTO_SIGN_IN_COOLDOWN_MS, leftAt: NOW - 61_000 },
    'go',
  ],
  ['a mark in the future (the clock went back) refuses nothing', { leftAt: NOW + 5_000 }, 'go'],
  ['a garbled mark in storage (NaN) refuses nothing', { leftAt: NaN }, 'go'],
];

const answer = (c: Circumstances) => {
  const decision = decide(c);
  return typeof decision === 'string' ? decision : decision.code;
};

describe('decideAutoSignIn', () => {
  it.each(table)('%s', (_name, change, expected) => {
    expect(answer({ ...base, ...change })).toBe(expected);
  });

  it("shows the state's own error object, so the client knows there is nothing new to publish", () => {
    const state = signedOut('signed_out_elsewhere');
    expect(decide({ ...base, state })).toBe(state.error);
  });

  it('a refusal is a typed sign_in error', () => {
    expect(decide({ ...base, leftAt: NOW })).toMatchObject({
      name: 'AuthError',
      code: 'redirect_loop_prevented',
      step: 'sign_in',
    });
  });
});

describe('signInPrompt', () => {
  it.each([
    [undefined, false, undefined],
    ['consent', false, 'consent'],
    ['none', false, 'none'],
    [undefined, true, 'login'],
    ['login', true, 'login'],
    ['consent', true, 'login consent'],
    ['select_account', true, 'login select_account'],
    ['none', true, null],
  ] as const)('prompt %s, after an idle sign-out %s → %s', (prompt, reauth, expected) => {
    expect(signInPrompt(prompt, reauth)).toBe(expected);
  });
});
