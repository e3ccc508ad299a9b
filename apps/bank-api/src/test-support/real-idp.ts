// The bank API in front of the real IdP, for this app's contract and token tests. The IdP is started
// by @sesame/test-stack (apps meet over HTTP; no app imports another).
import {
  DEMO_USERS,
  obtainTokens,
  startIdp,
  type RunningIdp,
  type TokenSet,
} from '@sesame/test-stack/real-idp';
import { seededRandom } from '../bank/random.js';
import type { BankApiOptions } from '../options.js';
import { start, type RunningBankApi } from '../server.js';
import { createCaller, type Caller } from './caller.js';
import { USERS, type ContractEnv, type DemoUser } from './contract.js';

export interface RealStack {
  readonly idp: RunningIdp;
  readonly api: RunningBankApi;
  readonly call: Caller;
  readonly sentTokens: Set<string>;
  /** A full code + PKCE sign-in at the real IdP for a demo user. */
  signIn(user: DemoUser): Promise<TokenSet>;
  stop(): Promise<void>;
}

export function credentialsOf(user: DemoUser): { login: string; password: string } {
  const demo = DEMO_USERS.find((candidate) => candidate.sub === USERS[user].sub);
  if (demo === undefined) throw new Error(`the IdP has no demo user ${user}`);
  return { login: demo.login, password: demo.password };
}

/** The real IdP and the bank API in front of it, both on 127.0.0.1 with port 0. */
export async function startRealStack(
  apiOptions: Partial<BankApiOptions> = {},
  idpOptions: { tokenFormat?: 'jwt' | 'opaque'; accessTokenTtl?: number } = {},
): Promise<RealStack> {
  const idp = await startIdp({
    accessTokenTtl: idpOptions.accessTokenTtl ?? 300,
    tokenFormat: idpOptions.tokenFormat ?? 'jwt',
  });
  const api = await start({
    port: 0,
    issuer: idp.issuer,
    anchorDate: '2025-03-15',
    random: seededRandom('faults').next,
    ...apiOptions,
  });
  const sentTokens = new Set<string>();
  return {
    idp,
    api,
    sentTokens,
    call: createCaller(() => api.url, sentTokens),
    async signIn(user) {
      const tokens = await obtainTokens({ issuer: idp.issuer, user: credentialsOf(user) });
      // Whatever was issued must never show up in the API's logs, sent or not.
      for (const token of [tokens.access_token, tokens.refresh_token, tokens.id_token]) {
        if (token !== undefined) sentTokens.add(token);
      }
      return tokens;
    },
    async stop() {
      await api.stop();
      await idp.stop();
    },
  };
}

/** The shared contract's environment on the real stack; one sign-in per user, reused. */
export async function realContractEnv(): Promise<ContractEnv> {
  const stack = await startRealStack();
  const tokens = new Map<DemoUser, Promise<string>>();
  return {
    api: stack.api,
    call: stack.call,
    sentTokens: stack.sentTokens,
    tokenFor(user) {
      let token = tokens.get(user);
      if (token === undefined) {
        token = stack.signIn(user).then((set) => set.access_token);
        tokens.set(user, token);
      }
      return token;
    },
    stop: () => stack.stop(),
  };
}
