import {
  createAdminRouter,
  createServerLogs,
  createValidator,
  DpopNonces,
  DpopReplayCache,
  DpopVerifier,
  FaultController,
  listenOnLoopback,
  runningServer,
  type RunningResourceServer,
} from '@sesame/bank-api/resource-server';
import { resolveOptions, type InvestApiOptions } from './options.js';
import { createCalendar } from './portfolio/calendar.js';
import { createRequestHandler } from './request-handler.js';
import { apiRouter } from './routes.js';

/** A started investments API: what every mock API offers (the bank API adds its ledger). */
export type RunningInvestApi = RunningResourceServer;

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

  const server = await listenOnLoopback(handler, resolved.port);
  listenUrl = server.url;
  log(
    `invest-api listening on ${server.url} (issuer ${resolved.issuer}, audience ${resolved.audience}${resolved.admin ? ', admin endpoints on' : ''})`,
  );

  return runningServer(server, faults, logs);
}
