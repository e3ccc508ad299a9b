import { describeRoutesContract } from './test-support/contract.js';
import { describeTransfersContract } from './test-support/contract-transfers.js';
import { realContractEnv } from './test-support/real-idp.js';

// The same contract as routes-fake-idp.test.ts, with access tokens from the real IdP obtained
// through a real code + PKCE sign-in.
describeRoutesContract('real IdP', realContractEnv);
describeTransfersContract('real IdP', realContractEnv);
