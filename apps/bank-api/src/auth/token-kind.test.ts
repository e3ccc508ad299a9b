import { describe, expect, it } from 'vitest';
import { classifyAcceptedToken, classifyToken } from './token-kind.js';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (header: unknown, payload: unknown) => `${b64(header)}.${b64(payload)}.c2ln`;

describe('classifyToken', () => {
  it('names what a client presented without trusting it', () => {
    expect(classifyToken(undefined)).toBe('none');
    expect(classifyToken(jwt({ alg: 'RS256', typ: 'at+jwt' }, { sub: 'x' }))).toBe('at+jwt');
    expect(classifyToken(jwt({ alg: 'RS256', typ: 'application/at+jwt' }, {}))).toBe('at+jwt');
    expect(classifyToken(jwt({ alg: 'RS256', typ: 'JWT' }, { nonce: 'n', sub: 'x' }))).toBe(
      'id_token',
    );
    expect(classifyToken(jwt({ alg: 'RS256' }, { at_hash: 'h' }))).toBe('id_token');
    expect(classifyToken(jwt({ alg: 'RS256' }, { sub: 'x' }))).toBe('other');
    expect(classifyToken('Zm9vYmFyYmF6cXV4')).toBe('opaque');
    expect(classifyToken('a.b')).toBe('other');
    expect(classifyToken('abc.def.ghi')).toBe('other');
  });
});

describe('classifyAcceptedToken', () => {
  it('classifies once per validation result, since validators return one object per cached token', () => {
    const accepted = {};
    const accessToken = jwt({ alg: 'RS256', typ: 'at+jwt' }, { sub: 'x' });
    expect(classifyAcceptedToken(accessToken, accepted)).toBe('at+jwt');
    // The same result again: the remembered kind, not a new look at the token.
    expect(classifyAcceptedToken('Zm9vYmFyYmF6cXV4', accepted)).toBe('at+jwt');
    expect(classifyAcceptedToken('Zm9vYmFyYmF6cXV4', {})).toBe('opaque');
  });
});
