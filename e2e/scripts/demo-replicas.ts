// `pnpm demo:bff -- --redis` (scripts/demo.mjs runs this in place of the dashboard): Debian's
// redis-server on a free port, two dashboard servers in BFF mode sharing it (one session key, made
// for the run and passed in their environment), and the round-robin proxy on 127.0.0.1:5173 in
// front of them, printing which replica served each /bff request. The arguments are the dashboard's
// own flags (without --port). Stops everything on SIGINT or SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { startRedis } from '@sesame/test-stack/redis-server';
import { startRoundRobinProxy } from '@sesame/test-stack/round-robin-proxy';

const PUBLIC_PORT = 5173;
const root = fileURLToPath(new URL('../..', import.meta.url));
const dashboardFlags = process.argv.slice(2).filter((arg) => arg !== '--');

const redis = await startRedis();
const proxy = await startRoundRobinProxy({
  port: PUBLIC_PORT,
  onServed: (entry) => {
    if (entry.path.startsWith('/bff/')) {
      console.log(
        `[proxy] ${entry.replica ?? '-'}  ${entry.method} ${entry.path.split('?')[0]} ` +
          (entry.status ? String(entry.status) : '(the browser cancelled it)'),
      );
    }
  },
});
const sessionKey = randomBytes(32).toString('base64');
const children: ChildProcess[] = [];

/** Starts one replica on a free port; resolves its URL once it says it listens. */
function startReplica(name: string): Promise<string> {
  const child = spawn(
    process.execPath,
    [
      'apps/bank-dashboard/dist/server/cli.js',
      ...dashboardFlags,
      '--port',
      '0',
      '--public-origin',
      proxy.url,
      '--redis-url',
      redis.url,
    ],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, SESAME_DASHBOARD_BFF_SESSION_KEY: sessionKey },
    },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    let pending = '';
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        console.log(`[${name}] ${line}`);
        const listening = /dashboard at (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
        if (listening) resolve(listening[1]!);
      }
    });
    child.once('exit', (code, signal) => reject(new Error(`${name} exited (${code ?? signal})`)));
  });
}

async function stop(code: number) {
  for (const child of children) child.kill('SIGTERM');
  await proxy.stop();
  await redis.close();
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

try {
  const [a, b] = await Promise.all([startReplica('a'), startReplica('b')]);
  proxy.setReplicas([
    { name: 'a', url: a },
    { name: 'b', url: b },
  ]);
  console.log(
    `Two BFF replicas (a ${a}, b ${b}) sharing redis-server ${redis.url}, ` +
      `behind the round-robin proxy at ${proxy.url}`,
  );
} catch (error) {
  console.error(`The replicas could not start: ${(error as Error).message}`);
  await stop(1);
}
