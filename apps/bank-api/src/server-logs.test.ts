import { describe, expect, it } from 'vitest';
import type { RequestLogEntry } from './request-log.js';
import { createServerLogs } from './server-logs.js';

const entry: RequestLogEntry = {
  at: '1970-01-01T00:00:00.000Z',
  method: 'GET',
  path: '/portfolio',
  status: 401,
  sub: undefined,
  tokenKind: 'none',
  durationMs: 1,
  error: 'invalid_token',
};

describe('createServerLogs', () => {
  it('keeps lines and requests in order, formats request lines, and passes both to the logger', () => {
    const printed: string[] = [];
    const logs = createServerLogs((line) => printed.push(line));
    logs.log('listening');
    logs.logRequest(entry);

    expect(logs.requestLog).toEqual([entry]);
    expect(logs.lines()).toEqual([
      'listening',
      'GET /portfolio 401 1.0ms token=none error=invalid_token',
    ]);
    expect(printed).toEqual(logs.lines());
  });

  it('works without a logger, and requestLog is the live list', () => {
    const logs = createServerLogs(undefined);
    const { requestLog } = logs;
    logs.logRequest(entry);
    expect(requestLog).toHaveLength(1);
  });
});
