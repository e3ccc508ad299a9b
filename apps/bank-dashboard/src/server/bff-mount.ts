// BFF mode on the dashboard's server: `@sesame/bff` mounted at /bff on the page's own origin (its
// session cookie is host-only and its CSRF check compares the page's Origin), built from the same
// config the page gets. The page then holds no token at all.
import { createBff, toNodeHandler, type BffOptions, type NodeHandler } from '@sesame/bff';
import { BANK_API_RESOURCE, INVEST_API_RESOURCE, INVEST_SCOPES } from '../config/api-resources';
import { BFF_BANK_API, BFF_INVEST_API, BFF_PREFIX } from '../config/bff-paths';
import { DashboardConfigError, type DashboardConfig } from '../config/runtime-config';
import { SCOPES } from '../config/scopes';

/** The BFF client's id at the local IdP (apps/idp registers it with `--bff-jwks`). */
export const BFF_CLIENT_ID = 'bank-bff';

/** What only the server knows in BFF mode: the BFF's client credentials at the IdP. */
export interface DashboardBffOptions {
  /**
   * The private JWK the BFF authenticates to the IdP with (`private_key_jwt`); the IdP holds the
   * public half (`--bff-jwks`). `generateBffClientKeys()` from `@sesame/idp` makes a pair.
   */
  clientPrivateKey: BffOptions['clientPrivateKey'];
  /** Default `bank-bff`. */
  clientId?: string;
  /**
   * The origin the browser reaches the BFF at, when it is not this server's own: the load balancer's
   * in front of several replicas (the redirect URI, post-logout URI and allowed origin are built
   * from it). Default: this server's URL.
   */
  publicOrigin?: string;
  /** Where the BFF keeps its sessions (`redisSessionStore` for replicas). Default: in memory. */
  sessionStore?: BffOptions['sessionStore'];
}

const isPlainHttp = (url: string) => new URL(url).protocol === 'http:';

/**
 * `createBff`'s options for the dashboard served at `origin` with `config`: the IdP is
 * `config.authority`, the bank API (`/bff/api/bank/…`) is `config.apiUrl` and the investments API
 * (`/bff/api/investments/…`) `config.investApiUrl`, each with its own token; the session lasts the
 * IdP's `sessionLifetimeSeconds` and tokens are refreshed `refreshBeforeExpirySeconds` early, as in
 * browser mode. Over plain http (this server never speaks TLS) the cookies drop `Secure`
 * (`insecureDevCookies`, which `createBff` allows on loopback hosts only, with a warning), and an
 * http IdP or API needs `allowInsecureRequests`: local development only.
 */
export function bffOptionsFor(
  config: DashboardConfig,
  origin: string,
  bff: DashboardBffOptions,
  logger: (line: string) => void,
): BffOptions {
  return {
    ...(bff.sessionStore && { sessionStore: bff.sessionStore }),
    issuer: config.authority,
    clientId: bff.clientId ?? BFF_CLIENT_ID,
    clientPrivateKey: bff.clientPrivateKey,
    redirectUri: `${origin}${BFF_PREFIX}/callback`,
    postLogoutRedirectUri: `${origin}/`,
    allowedOrigins: [origin],
    scope: SCOPES,
    prefix: BFF_PREFIX,
    // Two APIs, one token each (RFC 8707): the sign-in's is the bank's; the investments API's comes
    // from the refresh grant with its resource, on the first request to /bff/api/investments/….
    apis: {
      [BFF_BANK_API]: { url: config.apiUrl, resource: BANK_API_RESOURCE },
      [BFF_INVEST_API]: {
        url: config.investApiUrl,
        resource: INVEST_API_RESOURCE,
        scopes: INVEST_SCOPES,
      },
    },
    absoluteTimeoutSeconds: config.sessionLifetimeSeconds,
    refreshMarginSeconds: config.refreshBeforeExpirySeconds,
    insecureDevCookies: isPlainHttp(origin),
    allowInsecureRequests: [config.authority, config.apiUrl, config.investApiUrl].some(isPlainHttp),
    logger,
  };
}

/** Throws `DashboardConfigError` (key `bff`) when `config` asks for BFF mode and there is no key. */
export function checkBffMode(
  config: Pick<DashboardConfig, 'bff'>,
  bff: DashboardBffOptions | undefined,
): asserts bff is DashboardBffOptions {
  if (config.bff && !bff?.clientPrivateKey) {
    throw new DashboardConfigError(
      'bff',
      "BFF mode needs the BFF's client key: start({ bff: { clientPrivateKey } }), or --bff-client-key.",
    );
  }
}

/**
 * The node:http handler of the BFF for `config`, or `undefined` when the config is not in BFF mode.
 * Throws as {@link checkBffMode}, and `createBff`'s `BffError` (`invalid_options`) when the options
 * do not hold.
 */
export function bffHandlerFor(
  config: DashboardConfig,
  origin: string,
  bff: DashboardBffOptions | undefined,
  logger: (line: string) => void,
): NodeHandler | undefined {
  if (!config.bff) return undefined;
  checkBffMode(config, bff);
  return toNodeHandler(createBff(bffOptionsFor(config, bff.publicOrigin ?? origin, bff, logger)));
}
