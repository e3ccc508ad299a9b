// Prints how long the IdP takes to start, sign a customer in, refresh and rotate keys.
// Figures only, no targets: `pnpm --filter @sesame/idp build && pnpm --filter @sesame/idp measure`.
import { performance } from 'node:perf_hooks';
import { start } from '../dist/index.js';
import { obtainTokens, refreshTokens } from '../dist/testing.js';

const ROUNDS = 20;
const user = { login: 'jane.doe', password: 'sesame' };

async function time(fn) {
  const started = performance.now();
  const result = await fn();
  return [performance.now() - started, result];
}

for (const signingAlg of ['RS256', 'ES256']) {
  const [startMs, idp] = await time(() => start({ port: 0, signingAlg }));
  try {
    await obtainTokens({ issuer: idp.issuer, user }); // first sign-in: consent page included
    const before = idp.logs.length;
    const [signInMs, tokens] = await time(async () => {
      let last;
      for (let i = 0; i < ROUNDS; i += 1) last = await obtainTokens({ issuer: idp.issuer, user });
      return last;
    });
    const requestsPerSignIn = (idp.logs.length - before) / ROUNDS;
    const [refreshMs] = await time(async () => {
      let refreshToken = tokens.refresh_token;
      for (let i = 0; i < ROUNDS; i += 1) {
        refreshToken = (await refreshTokens({ issuer: idp.issuer, refreshToken })).refresh_token;
      }
    });
    const [rotateMs] = await time(() => idp.rotateKeys());
    console.log(
      `${signingAlg}: start ${startMs.toFixed(0)} ms | sign-in (discovery → token, consent remembered) ` +
        `${(signInMs / ROUNDS).toFixed(1)} ms, ${requestsPerSignIn} requests | ` +
        `refresh (discovery + token) ${(refreshMs / ROUNDS).toFixed(1)} ms | rotateKeys ${rotateMs.toFixed(0)} ms`,
    );
  } finally {
    await idp.stop();
  }
}
