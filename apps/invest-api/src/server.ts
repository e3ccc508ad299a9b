import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  BoundedLog,
  createValidator,
  DpopNonces,
  DpopReplayCache,
  DpopVerifier,
  FaultController,
  formatLogLine,
  type FaultSettings,
  type RequestLogEntry,
} from '@sesame/bank-api/resource-server';
import { adminRouter } from './admin-routes.js';
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

const LOG_CAPACITY = 10_000;

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
  const lines = new BoundedLog<string | RequestLogEntry>(LOG_CAPACITY);
  const requestLog = new BoundedLog<RequestLogEntry>(LOG_CAPACITY);
  const log = (line: string) => {
    lines.push(line);
    resolved.logger?.(line);
  };
  const logRequest = (entry: RequestLogEntry) => {
    requestLog.push(entry);
    lines.push(entry);
    resolved.logger?.(formatLogLine(entry));
  };
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
    admin: resolved.admin ? adminRouter() : undefined,
    requestLog: requestLog.items,
    allowedOrigins: resolved.allowedOrigins,
    today: () => calendar.today(),
    logRequest,
    log,
  });

  const server = createServer(handler);
  // Longer than any client's idle-socket reuse window (see the bank API).
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  listenUrl = url;
  log(
    `invest-api listening on ${url} (issuer ${resolved.issuer}, audience ${resolved.audience}${resolved.admin ? ', admin endpoints on' : ''})`,
  );

  let stopping: Promise<void> | undefined;
  return {
    url,
    stop: () => {
      stopping ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return stopping;
    },
    faults: {
      get: () => faults.get(),
      set: (patch) => faults.set(patch),
      reset: () => faults.reset(),
    },
    requestLog: requestLog.items,
    get logs() {
      return lines.items.map((line) => (typeof line === 'string' ? line : formatLogLine(line)));
    },
  };
}
