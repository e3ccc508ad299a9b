// A real redis-server from Debian's packages (/usr/bin/redis-server, installed by
// scripts/ensure-redis.sh) on a free port of 127.0.0.1, for tests of the BFF's Redis session store.
// Never a mock: the store's expiry, GETDEL, Lua scripts and the lock's races are Redis's own.
// No persistence (`--save '' --appendonly no`) unless a test asks for a snapshot at stop, and the
// working directory is a fresh temporary one, removed at the end.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REDIS_SERVER = process.env.SESAME_REDIS_SERVER ?? '/usr/bin/redis-server';

/** A running redis-server and the faults a test can inject. */
export interface RunningRedis {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /**
   * Stops the server (SHUTDOWN by SIGTERM; the port then refuses connections). With `save`, it
   * first writes a snapshot that {@link RunningRedis.restart} loads: a Redis restarted with its data.
   */
  stop(options?: { save?: boolean }): Promise<void>;
  /** SIGKILL: the server dies at once, as a crashed host would; its data is gone. */
  kill(): Promise<void>;
  /** SIGSTOP: connections stay open and accepted, nothing is answered (a hung server). */
  pause(): void;
  /** SIGCONT after {@link RunningRedis.pause}: the server answers what queued meanwhile. */
  resume(): void;
  /** Starts the server again on the same port (with the snapshot of `stop({ save: true })`, if any). */
  restart(): Promise<void>;
  /** Whether the server process is running (paused counts as running). */
  readonly running: boolean;
  /** Stops the server if it runs and removes its directory. Safe to call twice. */
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Spawns redis-server and resolves once it accepts connections; rejects with its output otherwise. */
function spawnRedis(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    REDIS_SERVER,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--dbfilename',
      'dump.rdb',
      '--daemonize',
      'no',
      '--loglevel',
      'warning',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  return new Promise((resolve, reject) => {
    // Readiness is a PING answered, not a log line (--loglevel warning hides the "Ready" notice).
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      reject(new Error(`redis-server exited (${code ?? signal}) before it was ready:\n${output}`)),
    );
    const started = Date.now();
    const probe = () => {
      const socket = createConnection(port, '127.0.0.1', () => {
        socket.write('PING\r\n');
      });
      socket.once('data', (data) => {
        socket.destroy();
        if (data.toString().startsWith('+PONG')) resolve(child);
        else retry();
      });
      socket.once('error', () => {
        socket.destroy();
        retry();
      });
    };
    const retry = () => {
      if (child.exitCode !== null) return;
      if (Date.now() - started > 10_000) {
        child.kill('SIGKILL');
        reject(new Error(`redis-server did not answer PING within 10 s:\n${output}`));
        return;
      }
      setTimeout(probe, 20);
    };
    probe();
  });
}

/**
 * Starts Debian's redis-server on a free port of 127.0.0.1. Call `close()` after the tests.
 *
 * @example
 * const redis = await startRedis();
 * const store = redisSessionStore({ url: redis.url, encryptionKey });
 * await redis.close();
 */
export async function startRedis(): Promise<RunningRedis> {
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(
      `${REDIS_SERVER} is missing: run "bash scripts/ensure-redis.sh" (Debian's redis-server).`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'sesame-redis-'));
  let port = 0;
  let child: ChildProcess | undefined;
  // Another process may take the free port between the probe and redis-server's bind: try again.
  for (let attempt = 1; !child; attempt += 1) {
    port = await freePort();
    try {
      child = await spawnRedis(port, dir);
    } catch (error) {
      if (attempt >= 3) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
  let current: ChildProcess | undefined = child;
  let closed = false;
  // A test run that ends without close() (a crash, a timeout) leaves no server behind.
  const killOnExit = () => {
    current?.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const running = () =>
    current !== undefined && current.exitCode === null && current.signalCode === null;

  const redis: RunningRedis = {
    url: `redis://127.0.0.1:${port}`,
    port,
    get running() {
      return running();
    },
    async stop({ save = false } = {}) {
      const server = current;
      if (!server || !running()) return;
      server.kill('SIGCONT'); // a paused server cannot shut down
      if (save) {
        // SHUTDOWN SAVE writes the snapshot even with --save '' (and exits).
        await new Promise<void>((resolve) => {
          const socket = createConnection(port, '127.0.0.1', () => socket.end('SHUTDOWN SAVE\r\n'));
          socket.on('error', () => resolve());
          socket.on('close', () => resolve());
        });
      } else {
        rmSync(join(dir, 'dump.rdb'), { force: true });
        server.kill('SIGTERM');
      }
      await exited(server);
    },
    async kill() {
      const server = current;
      if (!server || !running()) return;
      server.kill('SIGKILL');
      await exited(server);
      rmSync(join(dir, 'dump.rdb'), { force: true });
    },
    pause() {
      current?.kill('SIGSTOP');
    },
    resume() {
      current?.kill('SIGCONT');
    },
    async restart() {
      if (closed) throw new Error('This redis-server was closed.');
      if (running()) await redis.stop();
      current = await spawnRedis(port, dir);
    },
    async close() {
      if (closed) return;
      closed = true;
      process.off('exit', killOnExit);
      if (running()) {
        current?.kill('SIGCONT');
        current?.kill('SIGKILL');
        if (current) await exited(current);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return redis;
}
