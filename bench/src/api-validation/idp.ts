// Child process: the real IdP, and two access tokens for Jane obtained through code + PKCE: a
// plain bearer token, and one bound to a DPoP key (cnf.jkt) by a proof at the token endpoint.
// The key is made extractable so the parent can sign the resource proofs with it.
import { start as startIdp, DEMO_USERS, type BffClientOptions } from '@sesame/idp';
import { obtainTokens } from '@sesame/idp/testing';
import { newDpopHolder } from '@sesame/test-stack/dpop-client';
import { tokenRequestDpop } from '@sesame/test-stack/real-idp';
import { serveChild } from './long-running-child.js';
import type { PortableDpopKey } from './proofs.js';

/** Optional: the BFF client (`bank-bff`) to register too, for the bff-proxy benchmark. */
export interface IdpConfig {
  bff?: BffClientOptions;
}

export interface IdpReady {
  issuer: string;
  bearerToken: string;
  dpopToken: string;
  /** The DPoP key pair the dpopToken is bound to (its thumbprint is the token's cnf.jkt). */
  dpopKey: PortableDpopKey;
}

serveChild<IdpConfig | undefined, IdpReady>(async (config) => {
  const idp = await startIdp({
    port: 0,
    accessTokenTtl: 3600,
    tokenFormat: 'jwt',
    ...(config?.bff ? { bff: config.bff } : {}),
  });
  const jane = DEMO_USERS.find((user) => user.sub === 'usr_jane_doe') ?? DEMO_USERS[0];
  if (jane === undefined) throw new Error('the IdP has no demo users');
  const user = { login: jane.login, password: jane.password };
  const bearer = await obtainTokens({ issuer: idp.issuer, user });
  const holder = await newDpopHolder();
  const bound = await obtainTokens({ issuer: idp.issuer, user, dpop: tokenRequestDpop(holder) });
  if (bound.token_type !== 'DPoP')
    throw new Error(`expected a DPoP token, got ${bound.token_type}`);
  return {
    ready: {
      issuer: idp.issuer,
      bearerToken: bearer.access_token,
      dpopToken: bound.access_token,
      dpopKey: { privateJwk: holder.privateJwk, publicJwk: holder.publicJwk, jkt: holder.jkt },
    },
    stop: () => idp.stop(),
  };
});
