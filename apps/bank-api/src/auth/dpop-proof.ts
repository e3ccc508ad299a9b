import { hash } from 'node:crypto';
import { jwtVerify, type JWK } from 'jose';
import { ApiError } from '../http/api-error.js';
import { MAX_AUTHORIZATION_HEADER_BYTES } from './bearer.js';
import { DpopKeyCache } from './dpop-keys.js';
import type { DpopNonces } from './dpop-nonce.js';
import type { DpopReplayCache } from './dpop-replay.js';
import { REALM } from './www-authenticate.js';

/** Asymmetric algorithms a proof may use (RFC 9449 §4.2: never `none` nor a MAC). */
export const DPOP_ALGORITHMS: readonly string[] = [
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
];

/** A proof's `iat` may be this far from the server's clock, either way. */
export const DPOP_IAT_WINDOW_SECONDS = 60;
/** Extra leeway for clock skew on top of the window. */
export const DPOP_CLOCK_SKEW_SECONDS = 5;
const MAX_PROOF_BYTES = 8 * 1024;
const MAX_JTI_LENGTH = 256;
// JWK members that only a private (or symmetric) key has: such a header leaks the key.
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
// RFC 6750 b64token, which RFC 9449 §7.1 reuses for the DPoP scheme's credentials.
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

export type DpopErrorCode = 'invalid_dpop_proof' | 'invalid_token' | 'use_dpop_nonce';

/** A refused DPoP request. `description` is safe to send and log: never the token or proof. */
export class DpopError extends Error {
  override readonly name = 'DpopError';
  constructor(
    readonly code: DpopErrorCode,
    readonly description: string,
    /** For `use_dpop_nonce`: the nonce the client must put in its next proof. */
    readonly nonce?: string,
  ) {
    super(description);
  }
}

// RFC 6750 §3: attribute values may not contain '"' or '\', and must be printable ASCII.
function quote(value: string): string {
  return `"${value.replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, '')}"`;
}

/** Builds the RFC 9449 §7.1 `WWW-Authenticate: DPoP ...` challenge. */
export function dpopChallenge(error?: DpopErrorCode, description?: string): string {
  const parts = [`realm=${quote(REALM)}`];
  if (error !== undefined) parts.push(`error=${quote(error)}`);
  if (description !== undefined) parts.push(`error_description=${quote(description)}`);
  parts.push(`algs=${quote(DPOP_ALGORITHMS.join(' '))}`);
  return `DPoP ${parts.join(', ')}`;
}

/** A 401 with a DPoP challenge (and `DPoP-Nonce` when the client must use a new nonce). */
export function apiErrorFromDpopError(error: DpopError): ApiError {
  const headers: Record<string, string> = {
    'www-authenticate': dpopChallenge(error.code, error.description),
  };
  if (error.nonce !== undefined) headers['dpop-nonce'] = error.nonce;
  return new ApiError(401, error.code, error.description, { headers });
}

/**
 * Reads the token of an `Authorization: DPoP <token>` header; `undefined` for another scheme.
 * Throws a {@link DpopError} for a DPoP header without exactly one well-formed token.
 */
export function parseDpopAuthorization(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^dpop(\s|$)/i.exec(header);
  if (match === null) return undefined;
  if (header.length > MAX_AUTHORIZATION_HEADER_BYTES) {
    throw new DpopError('invalid_token', 'token too large');
  }
  const credentials = header.slice(5);
  if (header[4] !== ' ' || !B64TOKEN.test(credentials)) {
    throw new DpopError('invalid_token', 'expected exactly one DPoP access token');
  }
  return credentials;
}

/**
 * The one `DPoP` proof header of a request. Node joins repeated headers, so the distinct values
 * are read: two headers are refused rather than guessed between.
 */
export function singleProofHeader(values: readonly string[] | undefined): string {
  if (values === undefined || values.length === 0) {
    throw new DpopError('invalid_dpop_proof', 'DPoP proof missing');
  }
  const [proof] = values;
  if (values.length !== 1 || proof === undefined || proof.includes(',')) {
    throw new DpopError('invalid_dpop_proof', 'exactly one DPoP proof header required');
  }
  return proof.trim();
}

export interface DpopVerifierOptions {
  /** The API's public origin, as clients address it: `htu` is compared against it. */
  publicOrigin: () => string;
  replay: DpopReplayCache;
  /** Server nonces; `undefined` when the API does not require them. */
  nonces: DpopNonces | undefined;
  /** Seconds since the epoch. */
  now?: () => number;
}

export interface ProofCheck {
  proof: string;
  /** The request method (`htm`). */
  method: string;
  /** The request path without its query (`htu` = public origin + path). */
  pathname: string;
  accessToken: string;
  /** The access token's `cnf.jkt`. */
  boundThumbprint: string;
}

/**
 * Verifies DPoP proofs for the resource server (RFC 9449 §4.3 and §7), as strictly as
 * oidc-provider does at its own endpoints.
 */
export class DpopVerifier {
  private readonly now: () => number;
  private readonly keys = new DpopKeyCache();

  constructor(private readonly options: DpopVerifierOptions) {
    this.now = options.now ?? (() => Math.floor(Date.now() / 1000));
  }

  private lastHtu: { target: string; normalised: string | undefined } | undefined;

  /** The normalised public URL of `pathname`; the last one is remembered (most requests repeat it). */
  private expectedHtu(pathname: string): string | undefined {
    const target = `${this.options.publicOrigin()}${pathname}`;
    if (this.lastHtu?.target !== target)
      this.lastHtu = { target, normalised: normaliseHtu(target) };
    return this.lastHtu.normalised;
  }

  /** Resolves when the proof is good; otherwise throws a {@link DpopError}. */
  async verify(check: ProofCheck): Promise<void> {
    const { proof } = check;
    if (proof.length > MAX_PROOF_BYTES) throw invalid('DPoP proof too large');
    const header = decodeProtectedHeader(proof);
    const jwk = header.jwk;
    if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) {
      throw invalid('DPoP proof must embed a public jwk');
    }
    if (PRIVATE_JWK_MEMBERS.some((member) => member in jwk)) {
      throw invalid('DPoP proof jwk must be a public key');
    }
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(proof, this.keys.embeddedKey, {
        algorithms: [...DPOP_ALGORITHMS],
        typ: 'dpop+jwt',
      }));
    } catch {
      throw invalid('DPoP proof signature, type or algorithm invalid');
    }
    const { iat, jti, htm, htu, ath, nonce } = payload;
    if (typeof iat !== 'number' || !Number.isFinite(iat)) throw invalid('DPoP proof iat missing');
    if (typeof jti !== 'string' || jti === '' || jti.length > MAX_JTI_LENGTH) {
      throw invalid('DPoP proof jti missing');
    }
    if (nonce !== undefined && typeof nonce !== 'string') throw invalid('DPoP proof nonce invalid');
    const now = this.now();
    const limit = DPOP_IAT_WINDOW_SECONDS + DPOP_CLOCK_SKEW_SECONDS;
    if (now - iat > limit) throw invalid('DPoP proof too old');
    if (iat - now > limit) throw invalid('DPoP proof issued in the future');
    if (htm !== check.method) throw invalid('DPoP proof htm mismatch');
    const expectedHtu = this.expectedHtu(check.pathname);
    // A normalised URL normalises to itself, so an htu equal to it needs no parsing.
    if (
      typeof htu !== 'string' ||
      expectedHtu === undefined ||
      (htu !== expectedHtu && normaliseHtu(htu) !== expectedHtu)
    ) {
      throw invalid('DPoP proof htu mismatch');
    }
    const expectedAth = hash('sha256', check.accessToken, 'base64url');
    if (ath !== expectedAth) throw invalid('DPoP proof ath mismatch');
    const thumbprint = await this.keys.thumbprint(jwk as JWK);
    if (thumbprint !== check.boundThumbprint) {
      throw new DpopError('invalid_token', 'DPoP proof key does not match the token binding');
    }
    const { nonces } = this.options;
    if (nonces !== undefined && (nonce === undefined || !nonces.accepts(nonce))) {
      throw new DpopError(
        'use_dpop_nonce',
        nonce === undefined ? 'DPoP nonce required' : 'DPoP nonce stale',
        nonces.current(),
      );
    }
    // Last, so that only a proof good in every other way uses up its jti.
    const verdict = this.options.replay.remember(`${thumbprint} ${jti}`, iat + limit, now);
    if (verdict === 'replayed') throw invalid('DPoP proof replayed');
    if (verdict === 'full') throw invalid('too many DPoP proofs; retry shortly');
  }
}

function invalid(description: string): DpopError {
  return new DpopError('invalid_dpop_proof', description);
}

function decodeProtectedHeader(proof: string): Record<string, unknown> {
  const [encoded] = proof.split('.');
  try {
    const parsed: unknown = JSON.parse(Buffer.from(encoded ?? '', 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // Falls through to the refusal below.
  }
  throw invalid('DPoP proof malformed');
}

/** RFC 9449 §4.3: compare `htu` without its query and fragment, after URL normalisation. */
function normaliseHtu(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  url.search = '';
  url.hash = '';
  return url.href;
}
