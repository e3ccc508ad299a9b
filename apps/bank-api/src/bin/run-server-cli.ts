/** How {@link runServerCli} reads options and starts one API. */
export interface ServerCli<O> {
  /** The API's name in its console lines, such as `bank-api`. */
  readonly name: string;
  /** The help text, printed for `--help` and after an option error. */
  readonly usage: string;
  /** Options from the arguments and environment; `undefined` for `--help`; throws when wrong. */
  readonly readOptions: (argv: string[], env: NodeJS.ProcessEnv) => O | undefined;
  readonly start: (options: O) => Promise<{ stop(): Promise<void> }>;
}

/**
 * A mock API's command line: reads its options (exit 2 with the usage when they are wrong),
 * starts it, and stops it cleanly on SIGINT or SIGTERM (exit 0, or 1 if stopping failed). A
 * failed start exits 1 with its message.
 */
export function runServerCli<O>(cli: ServerCli<O>): void {
  main(cli).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

async function main<O>({ name, usage, readOptions, start }: ServerCli<O>): Promise<void> {
  let options: O | undefined;
  try {
    options = readOptions(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    console.error(usage);
    process.exit(2);
  }
  if (options === undefined) {
    console.log(usage);
    return;
  }
  const api = await start(options);
  const shutdown = (signal: string) => {
    console.log(`${name}: ${signal}, stopping`);
    api.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`${name}: stop failed`, error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}
