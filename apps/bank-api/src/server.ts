import { createValidator } from './auth/create-validator.js';
import { DpopNonces } from './auth/dpop-nonce.js';
import { DpopVerifier } from './auth/dpop-proof.js';
import { DpopReplayCache } from './auth/dpop-replay.js';
import { Bank } from './bank/bank.js';
import { createBankClock } from './bank/clock.js';
import type { LedgerReport } from './bank/ledger.js';
import { FaultController } from './faults.js';
import { listenOnLoopback } from './http/listen.js';
import { resolveOptions, type BankApiOptions } from './options.js';
import { createRequestHandler } from './request-handler.js';
import { adminRouter } from './routes/admin-routes.js';
import { apiRouter } from './routes/api-routes.js';
import { runningServer, type RunningResourceServer } from './running-server.js';
import { createServerLogs } from './server-logs.js';
import { IdempotencyStore } from './transfers/idempotency.js';

/** Money bookkeeping a test can check. Sums are bigints of minor units. */
export interface BankLedger {
  /** Sum of all balances now. */
  totalMinorUnits(): bigint;
  /** Sum of all money paid out of the bank (external payments) since seeding. */
  externalPaymentsMinorUnits(): bigint;
  /** Sum of all balances as seeded. `total + external === initial` always holds. */
  initialMinorUnits(): bigint;
  /** A full check: the invariant above plus every account's history adding up to its balance. */
  check(): LedgerReport;
  /** An account's balance (any owner), or `undefined` if it was never seeded. */
  balanceMinor(accountId: string): number | undefined;
}

/** A started bank API: what every mock API offers, plus its ledger and data reset. */
export interface RunningBankApi extends RunningResourceServer {
  readonly ledger: BankLedger;
  /** Back to the seed data (and forgets idempotency keys). */
  resetData(): void;
}

/**
 * Starts the bank API on 127.0.0.1.
 *
 * @example
 * const api = await start({ port: 0, issuer: idp.issuer });
 * await fetch(`${api.url}/accounts`, { headers: { authorization: `Bearer ${accessToken}` } });
 * await api.stop();
 */
export async function start(options: BankApiOptions): Promise<RunningBankApi> {
  const resolved = resolveOptions(options);
  const logs = createServerLogs(resolved.logger);
  const { log } = logs;
  const bank = new Bank(createBankClock(resolved.anchorDate));
  const faults = new FaultController(resolved.faults, resolved.random);
  const idempotency = new IdempotencyStore();
  const resetData = () => {
    bank.reset();
    idempotency.clear();
  };
  let listenUrl = '';
  const dpop = new DpopVerifier({
    publicOrigin: () => resolved.publicUrl ?? listenUrl,
    replay: new DpopReplayCache(),
    nonces: resolved.dpopNonce ? new DpopNonces() : undefined,
  });
  const handler = createRequestHandler({
    bank,
    validator: createValidator(resolved, log),
    dpop,
    faults,
    idempotency,
    api: apiRouter(),
    admin: resolved.admin ? adminRouter() : undefined,
    adminContext: {
      faults,
      requestLog: logs.requestLog,
      ledger: () => bank.ledger.check(),
      reset: () => {
        resetData();
        faults.reset();
      },
    },
    allowedOrigins: resolved.allowedOrigins,
    logRequest: logs.logRequest,
    log,
  });

  const server = await listenOnLoopback(handler, resolved.port);
  listenUrl = server.url;
  log(
    `bank-api listening on ${server.url} (issuer ${resolved.issuer}, ${resolved.tokenValidation} validation${resolved.admin ? ', admin endpoints on' : ''})`,
  );

  // Object.assign keeps the `logs` getter, which a spread would read once.
  return Object.assign(runningServer(server, faults, logs), {
    ledger: {
      totalMinorUnits: () => bank.ledger.totalMinorUnits(),
      externalPaymentsMinorUnits: () => bank.ledger.externalPaymentsMinorUnits(),
      initialMinorUnits: () => bank.ledger.initialMinorUnits(),
      check: () => bank.ledger.check(),
      balanceMinor: (accountId: string) => bank.balanceOf(accountId),
    },
    resetData,
  });
}
