import { seededRandom } from './bank/random.js';
import {
  describeRoutesContract,
  USERS,
  type ContractEnv,
  type DemoUser,
} from './test-support/contract.js';
import { describeTransfersContract } from './test-support/contract-transfers.js';
import { startHarness } from './test-support/harness.js';

const READ_ONLY = 'openid profile email accounts:read';

/** The contract with tokens forged by the fake issuer (fast; no IdP needed). */
async function fakeEnv(): Promise<ContractEnv> {
  const h = await startHarness({ random: seededRandom('faults').next });
  return {
    api: h.api,
    call: h.call,
    sentTokens: h.sentTokens,
    tokenFor: (user: DemoUser) =>
      h.idp.mint({
        claims: { sub: USERS[user].sub, ...(USERS[user].canWrite ? {} : { scope: READ_ONLY }) },
      }),
    stop: () => h.stop(),
  };
}

describeRoutesContract('forged tokens', fakeEnv);
describeTransfersContract('forged tokens', fakeEnv);
