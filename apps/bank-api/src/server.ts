import { createValidator } from './auth/create-validator.js';
import { DpopNonces } from './auth/dpop-nonce.js';
import { DpopVerifier } from './auth/dpop-proof.js';
import { DpopReplayCache } from './auth/dpop-replay.js';
import { Bank } from './bank/bank.js';
import { createBankClock } from './bank/clock.js';
import type { LedgerReport } from './bank/ledger.js';
import { FaultController, type FaultSettings } from './faults.js';
import { listenOnLoopback } from './http/listen.js';
import { resolveOptions, type BankApiOptions } from './options.js';
import type { RequestLogEntry } from './request-log.js';
import { createRequestHandler } from './request-handler.js';
import { adminRouter } from './routes/admin-routes.js';
import { apiRouter } from './routes/api-routes.js';
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

/** A started bank API. */
export interface RunningBankApi {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Closes the server and every open connection. */
  stop(): Promise<void>;
  readonly faults: {
    get(): FaultSettings;
    set(patch: Partial<FaultSettings>): void;
    reset(): void;
  };
  /** Recent requests (bounded), oldest first. */
  readonly requestLog: readonly RequestLogEntry[];
  /** Recent logger lines (bounded), oldest first; tests grep them for leaked tokens. */
  readonly logs: readonly string[];
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

  const { url, stop } = await listenOnLoopback(handler, resolved.port);
  listenUrl = url;
  log(
    `bank-api listening on ${url} (issuer ${resolved.issuer}, ${resolved.tokenValidation} validation${resolved.admin ? ', admin endpoints on' : ''})`,
  );

  return {
    url,
    stop,
    faults: {
      get: () => faults.get(),
      set: (patch) => faults.set(patch),
      reset: () => faults.reset(),
    },
    requestLog: logs.requestLog,
    get logs() {
      return logs.lines();
    },
    ledger: {
      totalMinorUnits: () => bank.ledger.totalMinorUnits(),
      externalPaymentsMinorUnits: () => bank.ledger.externalPaymentsMinorUnits(),
      initialMinorUnits: () => bank.ledger.initialMinorUnits(),
      check: () => bank.ledger.check(),
      balanceMinor: (accountId) => bank.balanceOf(accountId),
    },
    resetData,
  };
}
