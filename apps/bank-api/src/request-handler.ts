import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { insufficientScope } from './auth/auth-errors.js';
import { authenticateRequest } from './auth/authenticate-request.js';
import type { DpopVerifier } from './auth/dpop-proof.js';
import { TokenError } from './auth/token-error.js';
import { classifyAcceptedToken, classifyToken } from './auth/token-kind.js';
import type { AccessTokenValidator, ValidatedToken } from './auth/validated-token.js';
import type { Bank } from './bank/bank.js';
import type { FaultController } from './faults.js';
import { andThen, type Eventually } from './eventually.js';
import { ApiError } from './http/api-error.js';
import type { ApiResponse } from './http/api-response.js';
import { decideCors, isPreflight, PREFLIGHT_HEADERS } from './http/cors.js';
import { readJsonBody } from './http/json-body.js';
import type { Router } from './http/router.js';
import { SECURITY_HEADER_LIST } from './http/security-headers.js';
import { send } from './http/send-response.js';
import { toApiError } from './http/to-api-error.js';
import { isoTimestamp, loggablePath, type RequestLogEntry } from './request-log.js';
import type { AdminContext, AdminRoute } from './routes/admin-routes.js';
import type { ApiRoute } from './routes/route.js';
import {
  readIdempotencyKey,
  requestFingerprint,
  type IdempotencyStore,
} from './transfers/idempotency.js';

export interface HandlerDeps {
  readonly bank: Bank;
  readonly validator: AccessTokenValidator;
  readonly dpop: DpopVerifier;
  readonly faults: FaultController;
  readonly idempotency: IdempotencyStore;
  readonly api: Router<ApiRoute>;
  readonly admin: Router<AdminRoute> | undefined;
  readonly adminContext: Omit<AdminContext, 'query' | 'body'>;
  readonly allowedOrigins: ReadonlySet<string>;
  /** Records a handled request (the request log, and its line in the logs). */
  readonly logRequest: (entry: RequestLogEntry) => void;
  readonly log: (line: string) => void;
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

/** The parts of a request target the API reads. */
interface RequestTarget {
  readonly pathname: string;
  readonly searchParams: URLSearchParams;
}

/** One request to a protected route, on its way from authentication to its handler. */
interface ApiCall {
  readonly req: IncomingMessage;
  readonly url: RequestTarget;
  readonly route: ApiRoute;
  readonly params: Readonly<Record<string, string>>;
  readonly trace: Trace;
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

/** Builds the one function that answers every HTTP request. */
export function createRequestHandler(deps: HandlerDeps) {
  const errorResponse = (error: unknown): ApiResponse => {
    const apiError = toApiError(error, deps.log);
    return { status: apiError.status, body: apiError.toBody(), headers: apiError.headers };
  };

  function runAuthorised(call: ApiCall, validated: ValidatedToken): Eventually<ApiResponse> {
    call.trace.accepted = validated;
    if (deps.faults.consumeTokenRejection()) throw new TokenError('token_rejected');
    if (!validated.scopes.has(call.route.scope)) throw insufficientScope(call.route.scope);
    // Injected failures strike after authentication and before anything is read or applied.
    if (deps.faults.shouldFail()) {
      throw new ApiError(
        500,
        'injected_fault',
        'Injected failure (fault injection); nothing was applied.',
      );
    }
    if (call.route.body !== true) return execute(call, validated, undefined);
    return readJsonBody(call.req).then((body) => execute(call, validated, body));
  }

  function execute(
    { req, url, route, params }: ApiCall,
    validated: ValidatedToken,
    body: unknown,
  ): Eventually<ApiResponse> {
    const context = { bank: deps.bank, token: validated, params, query: url.searchParams, body };
    const run = (): ApiResponse => {
      try {
        return route.handle(context);
      } catch (error) {
        // Refusals (4xx) are results too: a replay must give the same answer.
        if (error instanceof ApiError && error.status < 500) {
          return { status: error.status, body: error.toBody(), headers: error.headers };
        }
        throw error;
      }
    };
    if (route.idempotency === undefined) return run();
    const header = req.headers['idempotency-key'];
    const rawKey = Array.isArray(header) ? header[0] : header;
    if (route.idempotency === 'optional' && rawKey === undefined) return run();
    const key = readIdempotencyKey(rawKey);
    const fingerprint = requestFingerprint(req.method ?? '', url.pathname, body);
    return deps.idempotency
      .execute(validated.sub, key, fingerprint, run)
      .then(({ response, replayed }) =>
        replayed
          ? { ...response, headers: { ...response.headers, 'idempotent-replayed': 'true' } }
          : response,
      );
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
        return match.value({
          ...deps.adminContext,
          query: url.searchParams,
          body: () => readJsonBody(req),
        });
      }
      if (match.kind === 'method_not_allowed') {
        throw new ApiError(405, 'method_not_allowed', 'Method not allowed.', {
          headers: { allow: match.allowed.join(', ') },
        });
      }
      throw new ApiError(404, 'not_found', 'No such endpoint.');
    }
    const match = deps.api.match(method, path);
    if (match.kind === 'not_found') throw new ApiError(404, 'not_found', 'No such endpoint.');
    if (match.kind === 'method_not_allowed') {
      throw new ApiError(405, 'method_not_allowed', 'Method not allowed.', {
        headers: { allow: match.allowed.join(', ') },
      });
    }
    trace.isApi = true;
    const call: ApiCall = { req, url, route: match.value, params: match.params, trace };
    return andThen(
      authenticateRequest(req, url, deps, (token) => {
        trace.token = token;
      }),
      (validated) => runAuthorised(call, validated),
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
