import { parseArgs } from 'node:util';
import { IdpError } from './errors';
import type { BffClientOptions } from './bff-client';
import type { IdpOptions } from './options';

export const USAGE = `Usage: sesame-idp [options]

Starts the Sesame local OpenID Provider on 127.0.0.1.

Options (each also read from the environment variable shown):
  --port <n>               TCP port, 0 for any free one     SESAME_IDP_PORT    (default 4000)
  --issuer <url>           issuer identifier                SESAME_IDP_ISSUER  (default http://127.0.0.1:<port>)
  --access-token-ttl <s>   access token lifetime, seconds   SESAME_IDP_ACCESS_TOKEN_TTL  (default 300)
  --refresh-token-ttl <s>  absolute refresh token lifetime  SESAME_IDP_REFRESH_TOKEN_TTL (default 28800)
  --id-token-ttl <s>       ID token lifetime, seconds       SESAME_IDP_ID_TOKEN_TTL      (default 3600)
  --token-format <f>       jwt | opaque                     SESAME_IDP_TOKEN_FORMAT      (default jwt)
  --signing-alg <alg>      RS256 | ES256                    SESAME_IDP_SIGNING_ALG       (default RS256)
  --admin                  mount the /__admin endpoints     SESAME_IDP_ADMIN=1
  --dpop                   dashboard tokens DPoP-bound      SESAME_IDP_DPOP=1
                           (token requests need a proof)
  --dpop-nonce             require DPoP nonces at /token    SESAME_IDP_DPOP_NONCE=1
  --bff-jwks <path|json>   register the BFF client          SESAME_IDP_BFF_JWKS
                           bank-bff: private_key_jwt with these public keys, PAR, DPoP, FAPI 2.0
  --bff-redirect-uri <url> BFF redirect URI (repeatable)    SESAME_IDP_BFF_REDIRECT_URI (comma-separated)
                           (default http://{127.0.0.1,localhost}:5173/bff/callback)
  --bff-post-logout-redirect-uri <url>
                           BFF post-logout URI (repeatable) SESAME_IDP_BFF_POST_LOGOUT_REDIRECT_URI
                           (default http://{127.0.0.1,localhost}:5173/)
  --quiet                  do not print the request log     SESAME_IDP_QUIET=1
  --help                   show this help
`;

export interface CliOptions {
  idp: IdpOptions;
  quiet: boolean;
  help: boolean;
}

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) {
    throw new IdpError('invalid_options', `${name} must be a whole number, got "${value}".`);
  }
  return Number(value);
}

const flag = (value: string | undefined): boolean => value === '1' || value === 'true';

/** A comma-separated variable as a list; unset or empty: undefined. */
const list = (value: string | undefined): string[] | undefined =>
  value ? value.split(',').map((item) => item.trim()) : undefined;

/** The BFF client's options: `--bff-jwks` turns it on; its URIs alone are a mistake worth saying. */
function bffOptions(
  publicJwks: string | undefined,
  redirectUris: string[] | undefined,
  postLogoutRedirectUris: string[] | undefined,
): BffClientOptions | undefined {
  if (publicJwks === undefined) {
    if (redirectUris || postLogoutRedirectUris) {
      throw new IdpError(
        'invalid_options',
        '--bff-redirect-uri and --bff-post-logout-redirect-uri need --bff-jwks (the BFF client is registered only with its public keys).',
      );
    }
    return undefined;
  }
  return {
    publicJwks,
    ...(redirectUris ? { redirectUris } : {}),
    ...(postLogoutRedirectUris ? { postLogoutRedirectUris } : {}),
  };
}

/** Reads the command line, falling back to `SESAME_IDP_*` environment variables. */
export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv = {}): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        issuer: { type: 'string' },
        'access-token-ttl': { type: 'string' },
        'refresh-token-ttl': { type: 'string' },
        'id-token-ttl': { type: 'string' },
        'token-format': { type: 'string' },
        'signing-alg': { type: 'string' },
        admin: { type: 'boolean' },
        dpop: { type: 'boolean' },
        'dpop-nonce': { type: 'boolean' },
        'bff-jwks': { type: 'string' },
        'bff-redirect-uri': { type: 'string', multiple: true },
        'bff-post-logout-redirect-uri': { type: 'string', multiple: true },
        quiet: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }));
  } catch (cause) {
    throw new IdpError('invalid_options', (cause as Error).message, { cause });
  }
  const pick = (name: keyof typeof values & string, variable: string): string | undefined => {
    const value = values[name];
    // An empty variable counts as unset, as in most shells' ${VAR:-default}.
    return typeof value === 'string' ? value : env[variable] || undefined;
  };

  const idp: IdpOptions = {};
  const port = integer('--port', pick('port', 'SESAME_IDP_PORT'));
  if (port !== undefined) idp.port = port;
  const issuer = pick('issuer', 'SESAME_IDP_ISSUER');
  if (issuer !== undefined) idp.issuer = issuer;
  const accessTokenTtl = integer(
    '--access-token-ttl',
    pick('access-token-ttl', 'SESAME_IDP_ACCESS_TOKEN_TTL'),
  );
  if (accessTokenTtl !== undefined) idp.accessTokenTtl = accessTokenTtl;
  const refreshTokenTtl = integer(
    '--refresh-token-ttl',
    pick('refresh-token-ttl', 'SESAME_IDP_REFRESH_TOKEN_TTL'),
  );
  if (refreshTokenTtl !== undefined) idp.refreshTokenTtl = refreshTokenTtl;
  const idTokenTtl = integer('--id-token-ttl', pick('id-token-ttl', 'SESAME_IDP_ID_TOKEN_TTL'));
  if (idTokenTtl !== undefined) idp.idTokenTtl = idTokenTtl;
  const tokenFormat = pick('token-format', 'SESAME_IDP_TOKEN_FORMAT');
  if (tokenFormat !== undefined)
    idp.tokenFormat = tokenFormat as IdpOptions['tokenFormat'] & string;
  const signingAlg = pick('signing-alg', 'SESAME_IDP_SIGNING_ALG');
  if (signingAlg !== undefined) idp.signingAlg = signingAlg as IdpOptions['signingAlg'] & string;
  if (values.admin === true || flag(env.SESAME_IDP_ADMIN)) idp.admin = true;
  if (values.dpop === true || flag(env.SESAME_IDP_DPOP)) idp.dpop = true;
  if (values['dpop-nonce'] === true || flag(env.SESAME_IDP_DPOP_NONCE)) idp.dpopNonce = true;
  const bff = bffOptions(
    pick('bff-jwks', 'SESAME_IDP_BFF_JWKS'),
    values['bff-redirect-uri'] ?? list(env.SESAME_IDP_BFF_REDIRECT_URI),
    values['bff-post-logout-redirect-uri'] ?? list(env.SESAME_IDP_BFF_POST_LOGOUT_REDIRECT_URI),
  );
  if (bff) idp.bff = bff;

  return {
    idp,
    quiet: values.quiet === true || flag(env.SESAME_IDP_QUIET),
    help: values.help === true,
  };
}
