import { AuthError } from './errors';
import { DEV } from './dev';
import { parseWwwAuthenticate } from './www-authenticate';
import { proofTarget } from './dpop-proof';

/** Signs a proof for `htm htu` bound to `accessToken`, with the server's `nonce` if any. */
export type ProofSigner = (
  htm: string,
  htu: string,
  accessToken: string,
  nonce: string | undefined,
) => Promise<string>;

const discard = (response: Response) => void response.body?.cancel().catch(() => {});

/**
 * Wraps the transport of token-bearing requests (fetch.ts's, and userinfo's): the
 * `Authorization: Bearer <token>` the engine wrote goes out as `DPoP <token>` with a fresh proof.
 * Server nonces (RFC 9449 §9): every `DPoP-Nonce` an origin sends is kept for its next proofs, and a
 * 401 `use_dpop_nonce` is answered once, with a new proof; this is not the 401 → refresh → retry of
 * fetch.ts (the token is fine), and a second nonce challenge rejects `dpop_nonce_loop`. A 401
 * `invalid_dpop_proof` rejects `dpop_proof_rejected`: a new token would not help (a wrong clock
 * would fail the same way). Any other answer, 401 `invalid_token` included, goes back to the caller.
 */
export function dpopTransport(sign: ProofSigner, nonces: Map<string, string>) {
  return (transport?: typeof fetch): typeof fetch =>
    async (input, init = {}) => {
      const request = input instanceof Request ? input : undefined;
      const url = new URL(request ? request.url : String(input));
      const htm = (init.method ?? request?.method ?? 'GET').toUpperCase();
      const headers = new Headers(init.headers ?? request?.headers);
      const token = headers.get('authorization')!.slice(7); // after "Bearer "
      headers.set('authorization', `DPoP ${token}`);
      const spare = request?.clone();
      const send = async (target: RequestInfo | URL, nonce: string | undefined) => {
        headers.set('dpop', await sign(htm, proofTarget(url), token, nonce));
        const response = await (transport ?? fetch)(target, { ...init, headers });
        const issued = response.headers.get('dpop-nonce');
        if (issued) nonces.set(url.origin, issued);
        const challenge = parseWwwAuthenticate(response.headers.get('www-authenticate')).find(
          (each) => each.scheme === 'dpop',
        )?.params;
        // A tuple, not an object: its names then minify.
        return [response, response.status === 401 ? challenge?.error : undefined, issued] as const;
      };
      // One destructuring (smaller than a const beside it): response and error change on the retry.
      // eslint-disable-next-line prefer-const -- issued is read, never reassigned
      let [response, error, issued] = await send(input, nonces.get(url.origin));
      if (error === 'use_dpop_nonce' && issued) {
        discard(response);
        if (typeof (init.body as ReadableStream | null)?.getReader === 'function') {
          throw new AuthError(
            'body_not_replayable',
            DEV &&
              'The API asked for a DPoP nonce, and a stream body cannot be sent twice: send again.',
            { step: 'request', retryable: true },
          );
        }
        [response, error] = await send(spare ?? input, issued);
        if (error === 'use_dpop_nonce') {
          discard(response);
          throw new AuthError(
            'dpop_nonce_loop',
            DEV && 'The API refused the DPoP nonce it had just issued (use_dpop_nonce twice).',
            { step: 'request', oauthError: 'use_dpop_nonce' },
          );
        }
      }
      if (error === 'invalid_dpop_proof' || error === 'use_dpop_nonce') {
        discard(response);
        throw new AuthError(
          'dpop_proof_rejected',
          DEV && "The API rejected the DPoP proof (is this device's clock right?).",
          { step: 'request', oauthError: error },
        );
      }
      return response;
    };
}
