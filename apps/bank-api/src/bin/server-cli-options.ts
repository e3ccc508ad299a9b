/** The `node:util` `parseArgs` options every mock API's command line takes; an API adds its own. */
export const SERVER_CLI_OPTIONS = {
  issuer: { type: 'string' },
  port: { type: 'string' },
  audience: { type: 'string' },
  'allowed-origins': { type: 'string' },
  'anchor-date': { type: 'string' },
  admin: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The values `parseArgs` read for {@link SERVER_CLI_OPTIONS}. */
export interface ServerCliValues {
  readonly audience?: string | undefined;
  readonly 'allowed-origins'?: string | undefined;
  readonly 'anchor-date'?: string | undefined;
  readonly admin?: boolean | undefined;
}

/** The options read the same way by every API (issuer and port each API checks itself). */
export interface SharedServerOptions {
  audience?: string;
  allowedOrigins?: string[];
  anchorDate?: string;
  admin: boolean;
  logger: (line: string) => void;
}

/**
 * The audience, allowed origins, calendar anchor and admin switch, each from its flag or else from
 * the environment variable `<prefix>_AUDIENCE`, `<prefix>_ALLOWED_ORIGINS`, `<prefix>_ANCHOR_DATE`,
 * `<prefix>_ADMIN` (`1` or `true`); the logger prints to the console.
 */
export function readSharedServerOptions(
  values: ServerCliValues,
  env: NodeJS.ProcessEnv,
  prefix: string,
): SharedServerOptions {
  const audience = values.audience ?? env[`${prefix}_AUDIENCE`];
  const origins = values['allowed-origins'] ?? env[`${prefix}_ALLOWED_ORIGINS`];
  const anchorDate = values['anchor-date'] ?? env[`${prefix}_ANCHOR_DATE`];
  const admin = env[`${prefix}_ADMIN`];
  return {
    ...(audience ? { audience } : {}),
    ...(origins ? { allowedOrigins: origins.split(',').map((origin) => origin.trim()) } : {}),
    ...(anchorDate ? { anchorDate } : {}),
    admin: values.admin === true || admin === '1' || admin === 'true',
    logger: (line) => console.log(line),
  };
}
