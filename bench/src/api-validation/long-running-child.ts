// Long-running children for the api-validation benchmark. Each server runs in its own process, as
// it would in production: the load generator, the IdP and the API never share an event loop (nor
// the IdP's AsyncLocalStorage hooks, which would tax every promise the API makes).
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

type ToChild<Config> = { type: 'start'; config: Config } | { type: 'stop' };
type FromChild<Ready> = { type: 'ready'; ready: Ready };

export interface RunningChild<Ready> {
  readonly ready: Ready;
  stop(): Promise<void>;
}

/** Forks `file` (run with tsx), sends it `config`, and resolves with what it reports when ready. */
export function startChild<Config, Ready>(file: URL, config: Config): Promise<RunningChild<Ready>> {
  const child = fork(fileURLToPath(file), {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.send({ type: 'start', config } satisfies ToChild<Config>);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${file.pathname} exited early (code ${code})`)));
    child.on('message', (message: FromChild<Ready>) => {
      if (message.type !== 'ready') return;
      child.removeAllListeners('exit');
      resolve({
        ready: message.ready,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.send({ type: 'stop' } satisfies ToChild<Config>);
          }),
      });
    });
  });
}

/**
 * In the child: waits for its config, runs `start`, reports what it returns, and calls the
 * `stop` it returned (then exits) when the parent says so.
 */
export function serveChild<Config, Ready>(
  start: (config: Config) => Promise<{ ready: Ready; stop: () => Promise<unknown> }>,
): void {
  process.on('message', (message: ToChild<Config>) => {
    if (message.type !== 'start') return;
    start(message.config).then(
      ({ ready, stop }) => {
        process.send?.({ type: 'ready', ready } satisfies FromChild<Ready>);
        process.on('message', (next: ToChild<Config>) => {
          if (next.type === 'stop') void stop().finally(() => process.exit(0));
        });
      },
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
