import {
  createAdminRouter,
  createServerLogs,
  createValidator,
  DpopNonces,
  DpopReplayCache,
  DpopVerifier,
  FaultController,
  listenOnLoopback,
  type FaultSettings,
  type RequestLogEntry,
} from '@sesame/bank-api/resource-server';
import { resolveOptions, type InvestApiOptions } from './options.js';
import { createCalendar } from './portfolio/calendar.js';
import { createRequestHandler } from './request-handler.js';
import { apiRouter } from './routes.js';

/** A started investments API. */
export interface RunningInvestApi {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Closes the server and every open connection. */
  stop(): Promise<void>;
  readonly faults: {
    get(): FaultSettings;
    set(patch: Partial<FaultSettings>): void;
    reset(): void;
  };
  /** Recent requests (bounded), oldest first. Never holds a token. */
  readonly requestLog: readonly RequestLogEntry[];
  /** Recent logger lines (bounded), oldest first; tests grep them for leaked tokens. */
  readonly logs: readonly string[];
}

/**
 * Starts the investments API on 127.0.0.1.
 *
 * @example
 * const api = await start({ port: 0, issuer: idp.issuer });
 * await fetch(`${api.url}/portfolio`, { headers: { authorization: `Bearer ${investToken}` } });
 * await api.stop();
 */
export async function start(options: InvestApiOptions): Promise<RunningInvestApi> {
  const resolved = resolveOptions(options);
  const logs = createServerLogs(resolved.logger);
  const { log } = logs;
  const faults = new FaultController(resolved.faults, resolved.random);
  const calendar = createCalendar(resolved.anchorDate);
  let listenUrl = '';
  const handler = createRequestHandler({
    validator: createValidator(resolved, log),
    dpop: new DpopVerifier({
      publicOrigin: () => resolved.publicUrl ?? listenUrl,
      replay: new DpopReplayCache(),
      nonces: resolved.dpopNonce ? new DpopNonces() : undefined,
    }),
    faults,
    api: apiRouter(),
    // The shared /__admin routes without the bank's ledger; reset here only turns faults off.
    admin: resolved.admin ? createAdminRouter() : undefined,
    adminContext: { faults, requestLog: logs.requestLog, reset: () => faults.reset() },
    allowedOrigins: resolved.allowedOrigins,
    today: () => calendar.today(),
    logRequest: logs.logRequest,
    log,
  });

  const { url, stop } = await listenOnLoopback(handler, resolved.port);
  listenUrl = url;
  log(
    `invest-api listening on ${url} (issuer ${resolved.issuer}, audience ${resolved.audience}${resolved.admin ? ', admin endpoints on' : ''})`,
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
  };
}
