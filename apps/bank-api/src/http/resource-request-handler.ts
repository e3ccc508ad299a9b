import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { insufficientScope } from '../auth/auth-errors.js';
import { authenticateRequest } from '../auth/authenticate-request.js';
import type { DpopVerifier } from '../auth/dpop-proof.js';
import { TokenError } from '../auth/token-error.js';
import { classifyAcceptedToken, classifyToken } from '../auth/token-kind.js';
import type { AccessTokenValidator, ValidatedToken } from '../auth/validated-token.js';
import { andThen, type Eventually } from '../eventually.js';
import type { FaultController } from '../faults.js';
import { isoTimestamp, loggablePath, type RequestLogEntry } from '../request-log.js';
import type { AdminContext, AdminRoute } from './admin-router.js';
import { ApiError } from './api-error.js';
import type { ApiResponse } from './api-response.js';
import { decideCors, isPreflight, PREFLIGHT_HEADERS } from './cors.js';
import { readJsonBody } from './json-body.js';
import type { Router } from './router.js';
import { SECURITY_HEADER_LIST } from './security-headers.js';
import { send } from './send-response.js';
import { toApiError } from './to-api-error.js';

/** The parts of a request target an API reads. */
export interface RequestTarget {
  readonly pathname: string;
  readonly searchParams: URLSearchParams;
}

/** What one request learned on its way through, for the log line. */
interface Trace {
  /** The token presented, if any: the log records its kind, never the token. */
  token: string | undefined;
  /** The validation result, once every authentication check passed. */
  accepted: ValidatedToken | undefined;
  /** API routes get the injected latency; health, admin and preflights do not. */
  isApi: boolean;
}

/** One request to a protected route whose token passed every check, on its way to its handler. */
export interface ApiCall<R> {
  readonly req: IncomingMessage;
  readonly url: RequestTarget;
  readonly route: R;
  readonly params: Readonly<Record<string, string>>;
}

/** What {@link createResourceRequestHandler} needs; `R` is the API's route type. */
export interface ResourceHandlerDeps<R extends { readonly scope: string }, C extends AdminContext> {
  readonly validator: AccessTokenValidator;
  readonly dpop: DpopVerifier;
  readonly faults: FaultController;
  readonly api: Router<R>;
  readonly admin: Router<AdminRoute<C>> | undefined;
  readonly adminContext: Omit<C, 'query' | 'body'>;
  readonly allowedOrigins: ReadonlySet<string>;
  /** Records a handled request (the request log, and its line in the logs). */
  readonly logRequest: (entry: RequestLogEntry) => void;
  readonly log: (line: string) => void;
  /**
   * Answers a protected route once its token is valid, not refused by the "reject the next valid
   * token" fault, and carries the route's scope. The API's own part: injected failures, bodies,
   * idempotency, the handler.
   */
  readonly authorised: (call: ApiCall<R>, token: ValidatedToken) => Eventually<ApiResponse>;
}

// Split by hand rather than with `new URL()`: a target such as "//x" would otherwise be read as
// a host name, and the path the router sees would differ from the one the client sent.
function parseTarget(raw: string | undefined): RequestTarget {
  const target = raw ?? '/';
  const query = target.indexOf('?');
  return {
    pathname: query === -1 ? target : target.slice(0, query),
    searchParams: new URLSearchParams(query === -1 ? '' : target.slice(query + 1)),
  };
}

/** The kind of token a request presented, for its log line. */
function presentedKind(trace: Trace) {
  if (trace.token === undefined) return 'none';
  return trace.accepted === undefined
    ? classifyToken(trace.token)
    : classifyAcceptedToken(trace.token, trace.accepted);
}

function methodNotAllowed(allowed: readonly string[]): ApiError {
  return new ApiError(405, 'method_not_allowed', 'Method not allowed.', {
    headers: { allow: allowed.join(', ') },
  });
}

/**
 * Builds the one function that answers every HTTP request of a mock resource server: CORS and
 * preflights, `/health`, the admin routes, routing, authentication (`Bearer` or `DPoP`), the
 * order of the checks (token, then the "reject the next valid token" fault, then the route's
 * scope, then the API's own part), injected latency, RFC 6750 errors and the token-free request
 * log. The bank and investments APIs both answer through it, so their rules cannot drift apart.
 */
export function createResourceRequestHandler<
  R extends { readonly scope: string },
  C extends AdminContext,
>(deps: ResourceHandlerDeps<R, C>) {
  const errorResponse = (error: unknown): ApiResponse => {
    const apiError = toApiError(error, deps.log);
    return { status: apiError.status, body: apiError.toBody(), headers: apiError.headers };
  };

  function runAuthorised(call: ApiCall<R>, trace: Trace, validated: ValidatedToken) {
    trace.accepted = validated;
    if (deps.faults.consumeTokenRejection()) throw new TokenError('token_rejected');
    if (!validated.scopes.has(call.route.scope)) throw insufficientScope(call.route.scope);
    return deps.authorised(call, validated);
  }

  function route(req: IncomingMessage, url: RequestTarget, trace: Trace): Eventually<ApiResponse> {
    const method = req.method ?? 'GET';
    const path = url.pathname;
    if (path === '/health') {
      if (method !== 'GET')
        throw new ApiError(405, 'method_not_allowed', 'Use GET.', { headers: { allow: 'GET' } });
      return { status: 200, body: { status: 'ok' } };
    }
    if (deps.admin !== undefined && path.startsWith('/__admin/')) {
      const match = deps.admin.match(method, path);
      if (match.kind === 'found') {
        // The router is typed by C and the context is C's fields plus these two.
        return match.value({
          ...deps.adminContext,
          query: url.searchParams,
          body: () => readJsonBody(req),
        } as C);
      }
      if (match.kind === 'method_not_allowed') throw methodNotAllowed(match.allowed);
      throw new ApiError(404, 'not_found', 'No such endpoint.');
    }
    const match = deps.api.match(method, path);
    if (match.kind === 'not_found') throw new ApiError(404, 'not_found', 'No such endpoint.');
    if (match.kind === 'method_not_allowed') throw methodNotAllowed(match.allowed);
    trace.isApi = true;
    const call: ApiCall<R> = { req, url, route: match.value, params: match.params };
    return andThen(
      authenticateRequest(req, url, deps, (token) => {
        trace.token = token;
      }),
      (validated) => runAuthorised(call, trace, validated),
    );
  }

  return function handleRequest(req: IncomingMessage, res: ServerResponse): void {
    const started = performance.now();
    const at = isoTimestamp(Date.now());
    const trace: Trace = { token: undefined, accepted: undefined, isApi: false };
    const url = parseTarget(req.url);
    const cors = decideCors(req, deps.allowedOrigins);

    const log = (response: ApiResponse) => {
      const entry: RequestLogEntry = {
        at,
        method: req.method ?? 'GET',
        path: loggablePath(url.pathname),
        status: response.status,
        sub: trace.accepted?.sub,
        tokenKind: presentedKind(trace),
        durationMs: Math.round((performance.now() - started) * 100) / 100,
        error:
          response.status >= 400 && typeof response.body === 'object' && response.body !== null
            ? String((response.body as { code?: unknown }).code)
            : undefined,
      };
      deps.logRequest(entry);
    };
    const answer = (response: ApiResponse) => {
      try {
        if (!res.headersSent && !res.destroyed) send(res, response, cors.headers);
        log(response);
      } catch (error) {
        deps.log(`unhandled error: ${error instanceof Error ? error.name : 'unknown'}`);
        if (!res.headersSent) res.writeHead(500, [...SECURITY_HEADER_LIST]).end();
      }
    };
    const finish = (response: ApiResponse) => {
      const latency = deps.faults.latencyMs;
      if (trace.isApi && latency > 0) void delay(latency).then(() => answer(response));
      else answer(response);
    };

    let outcome: Eventually<ApiResponse>;
    try {
      if (cors.kind === 'forbidden') {
        throw new ApiError(403, 'origin_not_allowed', 'This origin may not call the API.');
      }
      outcome = isPreflight(req)
        ? { status: 204, headers: PREFLIGHT_HEADERS }
        : route(req, url, trace);
    } catch (error) {
      outcome = errorResponse(error);
    }
    if (outcome instanceof Promise)
      outcome.then(finish, (error: unknown) => finish(errorResponse(error)));
    else finish(outcome);
  };
}
