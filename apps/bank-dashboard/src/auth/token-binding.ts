/**
 * What the Profile page says about the access token: bound to a DPoP key (RFC 9449, the key's
 * thumbprint in the RFC 7800 `cnf.jkt` claim), a plain bearer token, or an opaque token the page
 * cannot read.
 */
export type TokenBinding = { kind: 'dpop'; jkt: string } | { kind: 'bearer' } | { kind: 'opaque' };

function decodeJwtPayload(token: string): unknown {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
  try {
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
}

/**
 * Reads the binding of a JWT access token WITHOUT verifying it: for display only. Nothing may be
 * decided on it (the bank API verifies the token and its proof on every request).
 */
export function tokenBinding(token: string): TokenBinding {
  const payload = decodeJwtPayload(token);
  if (typeof payload !== 'object' || payload === null) return { kind: 'opaque' };
  const cnf = (payload as { cnf?: unknown }).cnf;
  const jkt = typeof cnf === 'object' && cnf !== null ? (cnf as { jkt?: unknown }).jkt : undefined;
  return typeof jkt === 'string' && jkt !== '' ? { kind: 'dpop', jkt } : { kind: 'bearer' };
}

/** A thumbprint short enough to read and compare by eye: `first 8…last 4`. */
export function shortThumbprint(jkt: string): string {
  return jkt.length <= 14 ? jkt : `${jkt.slice(0, 8)}…${jkt.slice(-4)}`;
}
