// Runs a benchmark's scenario in a child process (its own realm and event loop) and returns what
// it reports: the child calls report() once with its result, or fails.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

type ChildMessage = { type: 'result'; value: unknown } | { type: 'error'; message: string };

/**
 * Forks `file` (a .ts module, run with tsx) and resolves with the value it reports. `env` is added
 * to this process's environment (Vite's build() sets NODE_ENV=production here, for one).
 */
export function runChild<T>(
  file: URL,
  env: Record<string, string> = {},
  timeoutMs = 240_000,
): Promise<T> {
  const child = fork(fileURLToPath(file), {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      if (child.exitCode === null) child.kill();
    };
    const timer = setTimeout(
      () => finish(() => reject(new Error(`${file.pathname} took over ${timeoutMs} ms`))),
      timeoutMs,
    );
    child.once('error', (error) => finish(() => reject(error)));
    child.once('exit', (code) =>
      finish(() => reject(new Error(`${file.pathname} exited (code ${code}) without a result`))),
    );
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'result') finish(() => resolve(message.value as T));
      else finish(() => reject(new Error(message.message)));
    });
  });
}

/** In the child: sends the result (or the error) to the parent, then exits. */
export async function report(produce: () => Promise<unknown>): Promise<never> {
  let message: ChildMessage;
  try {
    message = { type: 'result', value: await produce() };
  } catch (error) {
    message = {
      type: 'error',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  }
  await new Promise<void>((resolve) => process.send?.(message, () => resolve()) ?? resolve());
  process.exit(0);
}
