import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import {
  andThen,
  ApiError,
  authenticateRequest,
  classifyAcceptedToken,
  classifyToken,
  decideCors,
  insufficientScope,
  isoTimestamp,
  isPreflight,
  loggablePath,
  PREFLIGHT_HEADERS,
  readJsonBody,
  SECURITY_HEADER_LIST,
  send,
  toApiError,
  TokenError,
  type ApiResponse,
  type DpopVerifier,
  type Eventually,
  type FaultController,
  type AccessTokenValidator,
  type RequestLogEntry,
  type Router,
  type ValidatedToken,
} from '@sesame/bank-api/resource-server';
import type { AdminRoute } from './admin-routes.js';
import type { ApiRoute } from './routes.js';

export interface HandlerDeps {
  readonly validator: AccessTokenValidator;
  readonly dpop: DpopVerifier;
  readonly faults: FaultController;
  readonly api: Router<ApiRoute>;
  readonly admin: Router<AdminRoute> | undefined;
  readonly requestLog: readonly RequestLogEntry[];
  readonly allowedOrigins: ReadonlySet<string>;
  readonly today: () => string;
  /** Records a handled request (the request log, and its line in the logs). */
  readonly logRequest: (entry: RequestLogEntry) => void;
  readonly log: (line: string) => void;
}

/** What one request learned on its way through, for its log line. */
interface Trace {
  token: string | undefined;
  accepted: ValidatedToken | undefined;
  isApi: boolean;
}

interface RequestTarget {
  readonly pathname: string;
  readonly searchParams: URLSearchParams;
}

// Split by hand, as the bank API does: `new URL()` would read a target such as "//x" as a host.
function parseTarget(raw: string | undefined): RequestTarget {
  const target = raw ?? '/';
  const query = target.indexOf('?');
  return {
    pathname: query === -1 ? target : target.slice(0, query),
    searchParams: new URLSearchParams(query === -1 ? '' : target.slice(query + 1)),
  };
}

function methodNotAllowed(allowed: readonly string[]): ApiError {
  return new ApiError(405, 'method_not_allowed', 'Method not allowed.', {
    headers: { allow: allowed.join(', ') },
  });
}

/**
 * Builds the one function that answers every request. Authentication, the order of the checks
 * (token, then the "reject the next valid token" fault, then the route's scope, then injected
 * failures) and every refusal are the bank API's, from its resource-server entry.
 */
export function createRequestHandler(deps: HandlerDeps) {
  function runAuthorised(
    route: ApiRoute,
    url: RequestTarget,
    trace: Trace,
    validated: ValidatedToken,
  ): ApiResponse {
    trace.accepted = validated;
    if (deps.faults.consumeTokenRejection()) throw new TokenError('token_rejected');
    if (!validated.scopes.has(route.scope)) throw insufficientScope(route.scope);
    if (deps.faults.shouldFail()) {
      throw new ApiError(500, 'injected_fault', 'Injected failure (fault injection).');
    }
    return route.handle({ token: validated, query: url.searchParams, today: deps.today() });
  }

  function route(req: IncomingMessage, url: RequestTarget, trace: Trace): Eventually<ApiResponse> {
    const method = req.method ?? 'GET';
    const path = url.pathname;
    if (path === '/health') {
      if (method !== 'GET') throw methodNotAllowed(['GET']);
      return { status: 200, body: { status: 'ok' } };
    }
    if (deps.admin !== undefined && path.startsWith('/__admin/')) {
      const match = deps.admin.match(method, path);
      if (match.kind === 'found') {
        return match.value({
          faults: deps.faults,
          requestLog: deps.requestLog,
          query: url.searchParams,
          body: () => readJsonBody(req),
        });
      }
      if (match.kind === 'method_not_allowed') throw methodNotAllowed(match.allowed);
      throw new ApiError(404, 'not_found', 'No such endpoint.');
    }
    const match = deps.api.match(method, path);
    if (match.kind === 'not_found') throw new ApiError(404, 'not_found', 'No such endpoint.');
    if (match.kind === 'method_not_allowed') throw methodNotAllowed(match.allowed);
    trace.isApi = true;
    const authenticated = authenticateRequest(req, url, deps, (token) => {
      trace.token = token;
    });
    return andThen(authenticated, (validated) => runAuthorised(match.value, url, trace, validated));
  }

  return function handleRequest(req: IncomingMessage, res: ServerResponse): void {
    const started = performance.now();
    const at = isoTimestamp(Date.now());
    const trace: Trace = { token: undefined, accepted: undefined, isApi: false };
    const url = parseTarget(req.url);
    const cors = decideCors(req, deps.allowedOrigins);

    const answer = (response: ApiResponse) => {
      try {
        if (!res.headersSent && !res.destroyed) send(res, response, cors.headers);
        deps.logRequest({
          at,
          method: req.method ?? 'GET',
          path: loggablePath(url.pathname),
          status: response.status,
          sub: trace.accepted?.sub,
          tokenKind:
            trace.token === undefined
              ? 'none'
              : trace.accepted === undefined
                ? classifyToken(trace.token)
                : classifyAcceptedToken(trace.token, trace.accepted),
          durationMs: Math.round((performance.now() - started) * 100) / 100,
          error:
            response.status >= 400 && typeof response.body === 'object' && response.body !== null
              ? String((response.body as { code?: unknown }).code)
              : undefined,
        });
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
    const errorResponse = (error: unknown): ApiResponse => {
      const apiError = toApiError(error, deps.log);
      return { status: apiError.status, body: apiError.toBody(), headers: apiError.headers };
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
    if (outcome instanceof Promise) {
      outcome.then(finish, (error: unknown) => finish(errorResponse(error)));
    } else {
      finish(outcome);
    }
  };
}
