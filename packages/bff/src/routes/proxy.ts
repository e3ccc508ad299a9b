// ANY {prefix}/api/<name>/<path>: the request goes on to the named upstream API with the session's
// DPoP-bound access token for that API's resource (never another API's) and a proof for that exact
// URL (openid-client's fetchProtectedResource, which also answers one DPoP-Nonce challenge). A
// stale token is refreshed first; an upstream 401 gets one refresh and one retry, as `client.fetch`
// does in browser mode. An upstream redirect goes no further than the BFF unless its API allows
// redirects, and never into the app's own origin.
import * as oidc from 'openid-client';
import { tokenFor } from '../api-tokens';
import { readLimitedBody } from '../body';
import type { BffContext, BffRequestInfo } from '../context';
import { BffError } from '../errors';
import { idpFailure, isTimeout } from '../idp-errors';
import { downstreamResponseHeaders, upstreamRequestHeaders } from '../proxy-headers';
import { proxyTarget } from '../proxy-path';
import { freshToken, type Freshness, type TokenTarget } from '../refresh';
import { jsonError } from '../responses';
import { tokenIsStale, type ApiToken } from '../session-record';
import { redirectRefusal } from '../upstream-redirect';
import { loginRequired } from './session';

/** An upstream 401 about the proof rather than the token: a new token would not help. */
const PROOF_PROBLEM = /error="?(invalid_dpop_proof|use_dpop_nonce)\b/i;

/** Methods an API may be called with (fetch refuses CONNECT, TRACE and TRACK anyway). */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

const unauthorized = () =>
  new BffError('unauthorized', 'The API refused the access token after a refresh and a retry.', {
    status: 401,
  });

export async function proxy(
  request: Request,
  context: BffContext,
  info: BffRequestInfo,
): Promise<Response> {
  const { options, sessions, idp, handles } = context;
  if (!METHODS.has(request.method)) {
    return jsonError(
      new BffError('method_not_allowed', 'The API proxy does not forward this method.', {
        status: 405,
      }),
      { allow: [...METHODS].join(', ') },
    );
  }
  const url = new URL(request.url);
  const target = proxyTarget(
    `${options.prefix}/api/`,
    url.pathname,
    url.search,
    options.apis,
    info.rawPath,
  );
  if (!target.ok) {
    return jsonError(
      target.code === 'path_invalid'
        ? new BffError('path_invalid', 'The API path is not allowed in this form.', { status: 400 })
        : new BffError('api_not_allowed', 'No API is configured for this name and path.', {
            status: 404,
          }),
    );
  }
  const loaded = await sessions.load(request);
  if (!loaded) {
    const stale = sessions.keyOf(request) !== undefined;
    return jsonError(loginRequired(), stale ? { 'set-cookie': sessions.clearCookie() } : undefined);
  }
  const { key } = loaded;
  const read = await readLimitedBody(request, options.maxBodyBytes);
  if (!read.ok) {
    return jsonError(
      new BffError('body_too_large', `The request body is over ${options.maxBodyBytes} bytes.`, {
        status: 413,
      }),
    );
  }

  /** The answer for a refresh that gave no usable token. */
  const withoutToken = (fresh: Exclude<Freshness, { kind: 'ok' }>): Response => {
    if (fresh.kind === 'ended') {
      return jsonError(loginRequired(), { 'set-cookie': sessions.clearCookie() });
    }
    return jsonError(fresh.kind === 'no_refresh' ? unauthorized() : fresh.error);
  };

  // This API's token only: a missing one (the first request to an API of another resource) is
  // asked for like a stale one.
  const tokenTarget: TokenTarget = { resource: target.api.resource, scopes: target.api.scopes };
  let token = tokenFor(loaded.session, tokenTarget.resource, options.signInResource);
  if (token === undefined || tokenIsStale(token, Date.now())) {
    const fresh = await freshToken(context, key, tokenTarget, { stale: true });
    if (fresh.kind !== 'ok') return withoutToken(fresh);
    token = fresh.token;
  }

  const configs = await idp.configs();
  const headers = upstreamRequestHeaders(request.headers);
  const dpopKey = loaded.session.dpopKey;
  const send = async (current: ApiToken): Promise<Response> => {
    try {
      return await oidc.fetchProtectedResource(
        configs.api,
        current.accessToken,
        target.url,
        request.method,
        read.body,
        new Headers(headers),
        { DPoP: await handles.get(key, dpopKey, configs.api) },
      );
    } catch (error) {
      // openid-client throws on any answer with a WWW-Authenticate challenge: that answer is the API's.
      if (error instanceof oidc.WWWAuthenticateChallengeError) return error.response;
      if (isTimeout(error)) {
        throw new BffError('upstream_timeout', 'The API did not answer in time.', {
          status: 504,
          retryable: true,
          cause: error,
        });
      }
      if (idpFailure(error) === 'unavailable') {
        throw new BffError('upstream_unreachable', 'The API could not be reached.', {
          status: 502,
          retryable: true,
          cause: error,
        });
      }
      throw error;
    }
  };

  let upstream: Response;
  try {
    upstream = await send(token);
    if (
      upstream.status === 401 &&
      !PROOF_PROBLEM.test(upstream.headers.get('www-authenticate') ?? '')
    ) {
      await upstream.body?.cancel();
      // Only this API's token is refreshed: the other APIs' tokens were not refused.
      const fresh = await freshToken(context, key, tokenTarget, { rejected: token.accessToken });
      if (fresh.kind !== 'ok') return withoutToken(fresh);
      upstream = await send(fresh.token);
    }
  } catch (error) {
    if (error instanceof BffError) return jsonError(error);
    throw error;
  }
  if (upstream.status === 401) {
    await upstream.body?.cancel();
    return jsonError(unauthorized());
  }
  const headersOut = downstreamResponseHeaders(upstream.headers);
  const refusal = redirectRefusal(
    upstream.status,
    headersOut.get('location'),
    target.api.allowRedirects,
    // The app's origins first (the log names the first); the request URL's may be an adapter's
    // placeholder or an address behind a reverse proxy.
    [...options.allowedOrigins, options.redirectUri.origin, url.origin],
  );
  if (refusal !== undefined) {
    await upstream.body?.cancel();
    return jsonError(
      new BffError(
        'upstream_redirect_refused',
        'The API answered with a redirect the BFF does not pass on.',
        {
          status: 502,
          cause: new Error(refusal),
        },
      ),
    );
  }
  return new Response(upstream.body, {
    status: upstream.status,
    headers: headersOut,
  });
}
