import { BoundedLog, formatLogLine, type RequestLogEntry } from './request-log.js';

const LOG_CAPACITY = 10_000;

/** A resource server's two bounded logs and the functions that write them. */
export interface ServerLogs {
  /** Writes a logger line (kept, and passed to the configured logger). */
  readonly log: (line: string) => void;
  /** Records a handled request: the request log, and its line in the logs. */
  readonly logRequest: (entry: RequestLogEntry) => void;
  /** Recent requests (bounded), oldest first. Never holds a token. */
  readonly requestLog: readonly RequestLogEntry[];
  /** Recent logger lines (bounded), oldest first, formatted now. */
  lines(): string[];
}

/** The logs of one started API; `logger` (optional) also receives every line as it is written. */
export function createServerLogs(logger: ((line: string) => void) | undefined): ServerLogs {
  // A request's line is kept as its entry and formatted when read (or for a logger): formatting
  // it, and keeping a second object per request, was a measurable share of a request's cost.
  const lines = new BoundedLog<string | RequestLogEntry>(LOG_CAPACITY);
  const requestLog = new BoundedLog<RequestLogEntry>(LOG_CAPACITY);
  return {
    log: (line) => {
      lines.push(line);
      logger?.(line);
    },
    logRequest: (entry) => {
      requestLog.push(entry);
      lines.push(entry);
      logger?.(formatLogLine(entry));
    },
    requestLog: requestLog.items,
    lines: () => lines.items.map((line) => (typeof line === 'string' ? line : formatLogLine(line))),
  };
}
