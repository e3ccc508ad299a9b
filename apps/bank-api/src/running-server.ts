import type { FaultController, FaultSettings } from './faults.js';
import type { LoopbackServer } from './http/listen.js';
import type { RequestLogEntry } from './request-log.js';
import type { ServerLogs } from './server-logs.js';

/** What every started mock API offers its tests; an API may add more (the bank its ledger). */
export interface RunningResourceServer {
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

/** The handle of a started API: its server, its fault switches (and nothing else) and its logs. */
export function runningServer(
  server: LoopbackServer,
  faults: FaultController,
  logs: ServerLogs,
): RunningResourceServer {
  return {
    url: server.url,
    stop: server.stop,
    faults: {
      get: () => faults.get(),
      set: (patch) => faults.set(patch),
      reset: () => faults.reset(),
    },
    requestLog: logs.requestLog,
    // Formatted when read: see createServerLogs.
    get logs() {
      return logs.lines();
    },
  };
}
