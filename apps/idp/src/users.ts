import { createHash, timingSafeEqual } from 'node:crypto';
import { API_SCOPES, INVEST_API_SCOPES, type EntitledScope } from './constants';

/** A customer of the demo bank. Passwords are public demo values; this is not a user store. */
export interface DemoUser {
  /** What the customer types in the "User ID" field. */
  readonly login: string;
  readonly password: string;
  /** Stable subject identifier (`sub`), never reused. */
  readonly sub: string;
  readonly name: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly email: string;
  readonly emailVerified: boolean;
  /** The API scopes this customer may ever be granted, whatever a client asks for. */
  readonly apiScopes: readonly EntitledScope[];
}

/**
 * The demo customers. `ann.viewer` is read-only: she is never granted `transfers:write`, `cards:write`
 * or `portfolio:trade`. Everyone may read their portfolio; only Jane may trade.
 */
export const DEMO_USERS: readonly DemoUser[] = [
  {
    login: 'jane.doe',
    password: 'sesame',
    sub: 'usr_jane_doe',
    name: 'Jane Doe',
    givenName: 'Jane',
    familyName: 'Doe',
    email: 'jane.doe@example.com',
    emailVerified: true,
    apiScopes: [...API_SCOPES, ...INVEST_API_SCOPES],
  },
  {
    login: 'john.smith',
    password: 'sesame',
    sub: 'usr_john_smith',
    name: 'John Smith',
    givenName: 'John',
    familyName: 'Smith',
    email: 'john.smith@example.com',
    emailVerified: true,
    apiScopes: [...API_SCOPES, 'portfolio:read'],
  },
  {
    login: 'ann.viewer',
    password: 'sesame',
    sub: 'usr_ann_viewer',
    name: 'Ann Viewer',
    givenName: 'Ann',
    familyName: 'Viewer',
    email: 'ann.viewer@example.com',
    emailVerified: true,
    apiScopes: ['accounts:read', 'portfolio:read'],
  },
];

export function findUserBySub(sub: string): DemoUser | undefined {
  return DEMO_USERS.find((user) => user.sub === sub);
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

// Compared as fixed-length digests so neither the login nor the password leaks through timing,
// and an unknown login costs the same as a wrong password.
const UNKNOWN_USER_DIGEST = digest('\u0000no-such-user\u0000');

/** Checks a login + password pair; resolves the user only when both match. */
export function authenticate(login: string, password: string): DemoUser | undefined {
  const user = DEMO_USERS.find((candidate) => candidate.login === login.trim().toLowerCase());
  const expected = user ? digest(user.password) : UNKNOWN_USER_DIGEST;
  const matches = timingSafeEqual(expected, digest(password));
  return user && matches ? user : undefined;
}
