import { describe, expect, it, vi } from 'vitest';
import { isAuthError } from './errors';
import { dpopTransport, type ProofSigner } from './dpop-fetch';

const nonceChallenge = (nonce?: string) =>
  new Response('{}', {
    status: 401,
    headers: {
      'www-authenticate': 'DPoP error="use_dpop_nonce", algs="ES256"',
      ...(nonce && { 'dpop-nonce': nonce }),
    },
  });

function setup(answers: (() => Response)[]) {
  const signed: Parameters<ProofSigner>[] = [];
  const sign: ProofSigner = async (...args) => {
    signed.push(args);
    return `proof-${signed.length}`;
  };
  const sent: { url: string; authorization: string | null; dpop: string | null }[] = [];
  const transport = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    sent.push({
      url: input instanceof Request ? input.url : String(input),
      authorization: headers.get('authorization'),
      dpop: headers.get('dpop'),
    });
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    return next();
  });
  const nonces = new Map<string, string>();
  const send = dpopTransport(sign, nonces)(transport as typeof fetch);
  const bearer = { headers: { authorization: 'Bearer tok' } };
  return { send, sent, signed, nonces, bearer };
}

describe('DPoP transport', () => {
  it('sends the token as DPoP with a proof for the method and the URL without query', async () => {
    const { send, sent, signed, bearer } = setup([() => new Response('ok')]);
    const response = await send('https://api.example/accounts?x=1#f', {
      ...bearer,
      method: 'post',
    });
    expect(await response.text()).toBe('ok');
    expect(sent).toEqual([
      { url: 'https://api.example/accounts?x=1#f', authorization: 'DPoP tok', dpop: 'proof-1' },
    ]);
    expect(signed).toEqual([['POST', 'https://api.example/accounts', 'tok', undefined]]);
  });

  it('answers use_dpop_nonce once with a new proof carrying the nonce, and keeps it for the origin', async () => {
    const { send, sent, signed, nonces, bearer } = setup([
      () => nonceChallenge('n1'),
      () => new Response('ok', { headers: { 'dpop-nonce': 'n2' } }),
      () => new Response('again'),
    ]);
    expect((await send('https://api.example/a', bearer)).status).toBe(200);
    expect(signed.map((args) => args[3])).toEqual([undefined, 'n1']);
    expect(sent.map((each) => each.dpop)).toEqual(['proof-1', 'proof-2']);
    // The newest nonce the origin sent is used by the next request, without a challenge.
    expect(nonces.get('https://api.example')).toBe('n2');
    await send('https://api.example/b', bearer);
    expect(signed[2]![3]).toBe('n2');
    expect(sent).toHaveLength(3);
  });

  it('a second nonce challenge rejects dpop_nonce_loop: two requests, never a third', async () => {
    const { send, sent, bearer } = setup([() => nonceChallenge('n1'), () => nonceChallenge('n2')]);
    const error = await send('https://api.example/a', bearer).catch((e: unknown) => e);
    expect(isAuthError(error, 'dpop_nonce_loop')).toBe(true);
    expect(sent).toHaveLength(2);
  });

  it('invalid_dpop_proof, or use_dpop_nonce without a nonce, rejects dpop_proof_rejected at once', async () => {
    for (const answer of [
      () =>
        new Response('', {
          status: 401,
          headers: { 'www-authenticate': 'DPoP error="invalid_dpop_proof"' },
        }),
      () => nonceChallenge(),
    ]) {
      const { send, sent, bearer } = setup([answer]);
      const error = await send('https://api.example/a', bearer).catch((e: unknown) => e);
      expect(isAuthError(error, 'dpop_proof_rejected')).toBe(true);
      expect(sent).toHaveLength(1);
    }
  });

  it('hands any other 401 (an expired token) back to the caller, whose rule is refresh then retry', async () => {
    const { send, sent, bearer } = setup([
      () =>
        new Response('', {
          status: 401,
          headers: { 'www-authenticate': 'DPoP error="invalid_token"' },
        }),
    ]);
    expect((await send('https://api.example/a', bearer)).status).toBe(401);
    expect(sent).toHaveLength(1);
  });

  it('keeps nonces per origin', async () => {
    const { send, signed, bearer } = setup([
      () => new Response('', { headers: { 'dpop-nonce': 'a-nonce' } }),
      () => new Response(''),
    ]);
    await send('https://a.example/x', bearer);
    await send('https://b.example/x', bearer);
    expect(signed.map((args) => args[3])).toEqual([undefined, undefined]);
  });

  it('resends a Request (its body too) on the nonce retry', async () => {
    const bodies: string[] = [];
    const signed: string[] = [];
    const answers = [nonceChallenge('n1'), new Response('ok')];
    const send = dpopTransport(
      async (htm) => (signed.push(htm), 'p'),
      new Map(),
    )((async (input: RequestInfo | URL) => {
      bodies.push(await (input as Request).text());
      return answers.shift()!;
    }) as typeof fetch);
    const request = new Request('https://api.example/t', { method: 'PUT', body: 'payload' });
    await send(request, { headers: { authorization: 'Bearer tok' } });
    expect(bodies).toEqual(['payload', 'payload']);
    expect(signed).toEqual(['PUT', 'PUT']);
  });

  it('a stream body cannot be resent after a nonce challenge: body_not_replayable, retryable, nonce kept', async () => {
    const { send, nonces, sent } = setup([() => nonceChallenge('n1')]);
    const error = await send('https://api.example/t', {
      method: 'POST',
      headers: { authorization: 'Bearer tok' },
      body: new ReadableStream(),
      duplex: 'half',
    } as RequestInit).catch((e: unknown) => e);
    expect(isAuthError(error, 'body_not_replayable')).toBe(true);
    expect((error as { retryable: boolean }).retryable).toBe(true);
    expect(nonces.get('https://api.example')).toBe('n1');
    expect(sent).toHaveLength(1);
  });
});
