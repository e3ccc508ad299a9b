// `pnpm --filter @sesame/interop-glewlwyd glewlwyd [--no-revocation] [--access-token-seconds=N]`:
// starts the suite's set-up by hand (build the app first) and keeps it running until Ctrl-C.
import { missingPrerequisite } from './glewlwyd-process';
import { DEMO_USERS } from './provider-setup';
import { startInteropStack } from './stack';

const missing = missingPrerequisite();
if (missing) {
  console.error(`${missing}; install it with: bash scripts/ensure-glewlwyd.sh`);
  process.exit(1);
}
const args = process.argv.slice(2);
const seconds = args.find((arg) => arg.startsWith('--access-token-seconds='))?.split('=')[1];
const stack = await startInteropStack({
  revocation: !args.includes('--no-revocation'),
  ...(seconds ? { accessTokenSeconds: Number(seconds) } : {}),
});
console.log(`Test app:        ${stack.app.url}/`);
console.log(
  `Glewlwyd issuer: ${stack.issuer}  (admin pages: ${stack.glewlwyd.url}/, admin / password)`,
);
console.log(`Bank API:        ${stack.bank.url}`);
console.log(
  `Users:           ${DEMO_USERS.map((user) => `${user.username} / ${user.password}`).join(', ')}`,
);
console.log('Ctrl-C stops everything and removes the temporary directory.');
const stop = () => void stack.stop().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
