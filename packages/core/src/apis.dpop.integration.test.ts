// Several APIs with DPoP (issue 21): the real IdP requiring DPoP of the dashboard client, the real
// bank API and the real investments API. jsdom has no IndexedDB: fake-indexeddb stands in.
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { INVEST_API_AUDIENCE } from '@sesame/test-stack/real-invest-api';
import { realStackWithInvestApiPerTest } from '@sesame/test-stack/real-invest-stack';
import { apis } from './apis';
import { dpop } from './dpop';

const { stack, invest, apiEntries } = realStackWithInvestApiPerTest({ dpop: true });

const claims = (jwt: string | null) =>
  JSON.parse(Buffer.from(jwt!.split('.')[1]!, 'base64url').toString()) as {
    aud: string;
    cnf?: { jkt?: string };
  };

describe('several APIs with DPoP', () => {
  it("binds every API's token to the one key and calls each API with DPoP proofs for its origin", async () => {
    const { client } = await stack().signedIn('jane', {
      dpop: dpop(),
      apis: apis(apiEntries()),
    });
    const sent: { url: string; scheme: string | undefined; proof: string | null }[] = [];
    const real = globalThis.fetch;
    vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
      const headers = new Headers(init?.headers);
      sent.push({
        url: input instanceof Request ? input.url : String(input),
        scheme: headers.get('authorization')?.split(' ')[0],
        proof: headers.get('dpop'),
      });
      return real(input, init);
    });
    expect((await client.fetch(`${stack().api.url}/accounts`)).status).toBe(200);
    expect((await client.fetch(`${invest().url}/portfolio`)).status).toBe(200);

    const bank = claims(client.peekAccessToken('bank'));
    const investments = claims(client.peekAccessToken('investments'));
    expect(investments.aud).toBe(INVEST_API_AUDIENCE);
    expect(investments.cnf?.jkt).toBeDefined();
    expect(investments.cnf?.jkt).toBe(bank.cnf?.jkt);
    for (const url of [`${stack().api.url}/accounts`, `${invest().url}/portfolio`]) {
      const request = sent.find((r) => r.url === url)!;
      expect(request.scheme).toBe('DPoP');
      const htu = JSON.parse(Buffer.from(request.proof!.split('.')[1]!, 'base64url').toString())
        .htu as string;
      expect(htu).toBe(url);
    }
    expect(stack().idp.counters().tokenErrors).toEqual({});
  });
});
