import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServersReady } from '../api-validation/servers.js';
import type { Benchmark } from '../benchmark.js';
import { measure, type LoadResult } from '../load.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const DURATION_SECONDS = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP_SECONDS = 2;

function startServers(): Promise<{ ready: ServersReady; stop: () => Promise<void> }> {
  const child = fork(fileURLToPath(new URL('../api-validation/servers.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`servers exited early (code ${code})`)));
    child.on('message', (message: ServersReady) => {
      if (message.type !== 'ready') return;
      child.removeAllListeners('exit');
      resolve({
        ready: message,
        stop: () =>
          new Promise<void>((done) => {
            child.once('exit', () => done());
            child.send('stop');
          }),
      });
    });
  });
}

const ms = (value: number) => Number(value.toFixed(2));
const row = (name: string, result: LoadResult) => [
  name,
  Math.round(result.requestsPerSecond),
  ms(result.p50Ms),
  ms(result.p99Ms),
  result.total,
  result.non2xx,
  result.errors,
];

const benchmark: Benchmark = {
  name: 'api-validation',
  description:
    'GET /accounts on the bank API with a real IdP access token (jose JWT validation) vs a bare node:http server sending the same JSON',
  async run() {
    const { ready, stop } = await startServers();
    try {
      const auth = { authorization: `Bearer ${ready.token}` };
      const settings = { connections: CONNECTIONS, durationSeconds: DURATION_SECONDS };
      // Warm both up (JIT, JWKS fetch, keep-alive sockets) before measuring.
      await measure(`${ready.apiUrl}/accounts`, {
        ...settings,
        durationSeconds: WARMUP_SECONDS,
        headers: auth,
      });
      await measure(`${ready.bareUrl}/accounts`, { ...settings, durationSeconds: WARMUP_SECONDS });
      const bare = await measure(`${ready.bareUrl}/accounts`, settings);
      const api = await measure(`${ready.apiUrl}/accounts`, { ...settings, headers: auth });
      if (api.non2xx > 0 || api.errors > 0) {
        throw new Error(`bank API answered ${api.non2xx} non-2xx and ${api.errors} errors`);
      }
      const ratio = (a: number, b: number) => (b === 0 ? 'n/a' : (a / b).toFixed(2));
      return {
        columns: ['server', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'non-2xx', 'errors'],
        rows: [row('bare node:http', bare), row('bank-api (jose)', api)],
        summary: [
          {
            measure:
              'API cost: bank API GET /accounts (JWT validation) req/s (reference: bare node:http)',
            sesame: `${Math.round(api.requestsPerSecond)} req/s, p99 ${ms(api.p99Ms)} ms`,
            reference: `${Math.round(bare.requestsPerSecond)} req/s, p99 ${ms(bare.p99Ms)} ms`,
            ratio: `${ratio(api.requestsPerSecond, bare.requestsPerSecond)}x, p99 ${ratio(api.p99Ms, bare.p99Ms)}x`,
            target: 'report',
            met: undefined,
          },
        ],
        notes: [
          `${CONNECTIONS} keep-alive connections, ${DURATION_SECONDS} s each after a ${WARMUP_SECONDS} s warm-up; ${ready.bodyBytes}-byte JSON body; servers in a child process, load from an undici keep-alive pool in this one.`,
          `bank-api / bare: throughput ${ratio(api.requestsPerSecond, bare.requestsPerSecond)}x, p50 ${ratio(api.p50Ms, bare.p50Ms)}x, p99 ${ratio(api.p99Ms, bare.p99Ms)}x.`,
          'Set BENCH_CONNECTIONS and BENCH_DURATION to change the load.',
        ],
      };
    } finally {
      await stop();
    }
  },
};

export default benchmark;
