import Provider, {
  errors,
  type Configuration,
  type KoaContextWithOIDC,
  type ClientMetadata as OidcClientMetadata,
} from 'oidc-provider';
import {
  backchannelLogoutFeature,
  bffClientMetadata,
  fapiFeature,
  providerFetch,
} from './bff-client';
import {
  API_SCOPES,
  BANK_API_CLIENT_ID,
  BANK_API_CLIENT_SECRET,
  BFF_CLIENT_ID,
  DASHBOARD_CLIENT_ID,
  INVEST_API_SCOPES,
} from './constants';
import type { SigningKey } from './keys';
import type { ResolvedOptions } from './options';
import {
  refreshResourceGranted,
  resourceServers,
  resourcesForScopes,
  tokenResource,
} from './resource-servers';
import { cspNonce, pageHeaders } from './pages/html';
import { errorPage, logoutPage, signedOutPage } from './pages/other-pages';
import type { MemoryStore } from './store';
import { findUserBySub } from './users';

/** Settings tests may change while the IdP runs; read at the moment a token is issued. */
export interface RuntimeSettings {
  accessTokenTtl: number;
}

export interface ProviderSetup {
  issuer: string;
  options: ResolvedOptions;
  settings: RuntimeSettings;
  keys: readonly SigningKey[];
  /** Signing keys of the IdP's own cookies; kept across key rotations so nobody is signed out. */
  cookieKeys: string[];
  /** Secret of the DPoP nonces (32 bytes) when `dpopNonce` is on; kept across key rotations so issued nonces stay valid. */
  dpopNonceSecret: Buffer | undefined;
  store: MemoryStore;
}

const epochNow = (): number => Math.floor(Date.now() / 1000);

/** Seconds left of an absolute lifetime that began at `since` (never below 1: oidc-provider needs a positive TTL). */
function remaining(lifetime: number, since: number | undefined): number {
  if (since === undefined) return lifetime;
  return Math.max(1, lifetime - (epochNow() - since));
}

/** Clients every IdP registers, before the `clients` option's. */
export const defaultClientIds = [DASHBOARD_CLIENT_ID, BANK_API_CLIENT_ID] as const;

/** Every client the IdP registers with these options: the defaults, the BFF's if any, then `clients`. */
export function registeredClientIds(options: ResolvedOptions): string[] {
  return [
    ...defaultClientIds,
    ...(options.bff ? [BFF_CLIENT_ID] : []),
    ...options.clients.map((client) => client.client_id),
  ];
}

function defaultClients(options: ResolvedOptions): OidcClientMetadata[] {
  return [
    {
      client_id: DASHBOARD_CLIENT_ID,
      client_name: 'Online Banking',
      application_type: 'web',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: options.dashboardRedirectUris,
      post_logout_redirect_uris: options.dashboardPostLogoutRedirectUris,
      // Mandatory DPoP: oidc-provider then refuses its token requests without a proof, and since the
      // client is public it binds the refresh tokens to the proof's key too (not only the access tokens).
      ...(options.dpop ? { dpop_bound_access_tokens: true } : {}),
    },
    {
      // The resource server as a client: it may only call the introspection endpoint.
      client_id: BANK_API_CLIENT_ID,
      client_name: 'Sesame Bank API',
      client_secret: BANK_API_CLIENT_SECRET,
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: [],
      response_types: [],
      redirect_uris: [],
    },
  ];
}

/**
 * DPoP (RFC 9449) is on in oidc-provider 9 by default for every client that sends a proof (ES256 and
 * EdDSA proofs, advertised as `dpop_signing_alg_values_supported`); only the nonces are ours to add.
 */
function dpopFeature(
  nonceSecret: Buffer | undefined,
): NonNullable<Configuration['features']>['dPoP'] {
  if (!nonceSecret) return { enabled: true };
  return {
    enabled: true,
    nonceSecret,
    // The token endpoint is where the dashboard's proofs go; oidc-provider's own userinfo and
    // introspection keep accepting proofs without a nonce.
    requireNonce: (ctx) => ctx.oidc.route === 'token',
  };
}

function requestedScopes(ctx: KoaContextWithOIDC): string[] {
  const scope = ctx.oidc.params?.scope;
  return typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [];
}

/** Builds one oidc-provider instance. Key rotation builds another over the same store. */
export function createProvider(setup: ProviderSetup): Provider {
  const { issuer, options, settings, keys, cookieKeys, dpopNonceSecret, store } = setup;
  const { apiAudience, signingAlg } = options;
  const servers = resourceServers(apiAudience, options.investApiAudience);
  const corsOrigins = new Set(options.corsOrigins);

  const configuration: Configuration = {
    adapter: store.adapterFactory(),
    clients: [
      ...defaultClients(options),
      ...(options.bff ? [bffClientMetadata(options.bff)] : []),
      ...(options.clients as OidcClientMetadata[]),
    ],
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      id_token_signed_response_alg: signingAlg,
      token_endpoint_auth_method: 'client_secret_basic',
    },
    jwks: { keys: keys.map((key) => ({ ...key })) },
    cookies: { keys: cookieKeys },
    claims: {
      openid: ['sub'],
      profile: ['name', 'given_name', 'family_name', 'preferred_username'],
      email: ['email', 'email_verified'],
    },
    // No offline_access: refresh tokens are issued anyway and always die with the sign-in session.
    scopes: ['openid'],
    responseTypes: ['code'],
    pkce: { required: () => true },
    // Put profile and email claims in the ID token too, so the SPA needs no userinfo call.
    conformIdTokenClaims: false,
    allowOmittingSingleRegisteredRedirectUri: false,
    clientBasedCORS: (_ctx, origin) => corsOrigins.has(origin),
    // The back-channel logout POST to the BFF on 127.0.0.1 (see providerFetch).
    fetch: providerFetch(options.bff),
    async findAccount(_ctx, sub) {
      const user = findUserBySub(sub);
      if (!user) return undefined;
      return {
        accountId: user.sub,
        async claims() {
          return {
            sub: user.sub,
            name: user.name,
            given_name: user.givenName,
            family_name: user.familyName,
            preferred_username: user.login,
            email: user.email,
            email_verified: user.emailVerified,
          };
        },
      };
    },
    // Refresh tokens for every client allowed the grant, without asking for offline_access.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    // Always, except for a refresh whose `resource` the grant cannot serve: that request fails with
    // invalid_target anyway, and rotating first would spend the token the client keeps.
    rotateRefreshToken: (ctx) =>
      refreshResourceGranted(
        ctx.oidc.params?.resource,
        (ctx.oidc.entities.RefreshToken as { resource?: unknown } | undefined)?.resource,
      ),
    ttl: {
      AccessToken: () => settings.accessTokenTtl,
      // 60 s: the FAPI 2.0 Security Profile's ceiling for codes, and ample for any client's exchange.
      AuthorizationCode: 60,
      IdToken: options.idTokenTtl,
      Interaction: 10 * 60,
      Grant: options.refreshTokenTtl,
      // Absolute from the first refresh token of the grant (`iiat`): rotation must not extend it.
      RefreshToken: (_ctx, token) => remaining(options.refreshTokenTtl, token.iiat),
      Session: (_ctx, session) => remaining(options.refreshTokenTtl, session.loginTs),
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: false },
      userinfo: { enabled: true },
      dPoP: dpopFeature(dpopNonceSecret),
      // FAPI 2.0 for the BFF client only (see bff-client.ts); PAR is on for every client (oidc-provider's
      // default), required only of the BFF (its require_pushed_authorization_requests).
      fapi: fapiFeature(options.bff),
      pushedAuthorizationRequests: { enabled: true },
      // A logout_token POSTed to the BFF whenever an IdP session it signed in with ends: a sign-out
      // at the IdP (its confirmation page), or endUserSessions / the admin endpoint (start.ts).
      backchannelLogout: backchannelLogoutFeature(options.bff),
      revocation: {
        enabled: true,
        // Only the client a token was issued to may revoke it: the bank API (a confidential
        // client) must not be able to end a customer's session by revoking the dashboard's tokens.
        async allowedPolicy(_ctx, client, token) {
          return client.clientId === token.clientId;
        },
      },
      introspection: {
        enabled: true,
        // A client may introspect its own tokens; the bank API may introspect access tokens meant for it.
        async allowedPolicy(_ctx, client, token) {
          if (client.clientId === token.clientId) return true;
          if (client.clientId !== BANK_API_CLIENT_ID || token.kind !== 'AccessToken') return false;
          const aud = (token as { aud?: string | string[] }).aud;
          return Array.isArray(aud) ? aud.includes(apiAudience) : aud === apiAudience;
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          const hintSub = (
            ctx.oidc.entities.IdTokenHint as { payload?: { sub?: unknown } } | undefined
          )?.payload?.sub;
          const nonce = cspNonce();
          ctx.set(pageHeaders(nonce));
          ctx.type = 'html';
          ctx.body = logoutPage({
            nonce,
            form,
            clientName: ctx.oidc.client?.clientName ?? ctx.oidc.client?.clientId,
            autoSubmit: hintSub !== undefined && hintSub === ctx.oidc.session?.accountId,
          });
        },
        async postLogoutSuccessSource(ctx) {
          const nonce = cspNonce();
          ctx.set(pageHeaders(nonce));
          ctx.type = 'html';
          ctx.body = signedOutPage({ nonce });
        },
      },
      resourceIndicators: {
        enabled: true,
        // Without `resource`: at sign-in, every API whose own scopes are asked for (so one refresh
        // token can later get either API's token); at the token endpoint, one of the granted ones.
        async defaultResource(ctx, _client, oneOf) {
          if (oneOf) {
            // A token request naming several resources: one token has one audience (RFC 8707 §2.2).
            if (Array.isArray(ctx.oidc.params?.resource)) {
              throw new errors.InvalidTarget('name one resource per token request');
            }
            return tokenResource(servers, oneOf) ?? oneOf;
          }
          const resources = resourcesForScopes(servers, requestedScopes(ctx));
          return resources.length > 1 ? resources : resources[0];
        },
        // Code exchanges and refreshes without `resource` get a token for the resource granted at sign-in.
        useGrantedResource: async () => true,
        async getResourceServerInfo(_ctx, resourceIndicator) {
          const server = servers.get(resourceIndicator);
          if (!server) throw new errors.InvalidTarget();
          return {
            // oidc-provider filters every token's scopes to these: an API's token carries only its own.
            scope: server.scopes.join(' '),
            audience: resourceIndicator,
            accessTokenTTL: settings.accessTokenTtl,
            accessTokenFormat: options.tokenFormat,
            jwt: { sign: { alg: signingAlg } },
          };
        },
      },
    },
    formats: {
      customizers: {
        // RFC 9068 requires iat; nbf costs nothing and lets strict verifiers check it too.
        jwt(_ctx, _token, jwt) {
          jwt.payload.nbf = jwt.payload.iat;
        },
      },
    },
    async renderError(ctx, out) {
      (ctx.state as { oauthError?: string }).oauthError = out.error;
      const nonce = cspNonce();
      ctx.set(pageHeaders(nonce));
      ctx.type = 'html';
      ctx.body = errorPage({ nonce, error: out.error, description: out.error_description });
    },
    interactions: {
      url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
    },
  };

  const provider = new Provider(issuer, configuration);
  // oidc-provider's `scopes_supported` lists only its OpenID scopes (the `scopes` option and the
  // claims' scopes). The bank API's scopes are resource scopes (getResourceServerInfo above), and
  // moving them to `scopes` would make them OpenID scopes, changing consent and what grants hold:
  // so discovery gets them here.
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { scopes_supported?: string[] } | undefined;
    if (ctx.path === '/.well-known/openid-configuration' && body?.scopes_supported) {
      body.scopes_supported = [
        ...new Set([...body.scopes_supported, ...API_SCOPES, ...INVEST_API_SCOPES]),
      ];
    }
  });
  return provider;
}
