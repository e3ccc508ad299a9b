import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { apiErrorFromTokenError, insufficientScope } from './auth/auth-errors.js';
import { parseBearerToken } from './auth/bearer.js';
import {
  apiErrorFromDpopError,
  DpopError,
  parseDpopAuthorization,
  type DpopVerifier,
} from './auth/dpop-proof.js';
import { rejectBoundBearerToken, validateDpopRequest } from './auth/dpop-request.js';
import { TokenError } from './auth/token-error.js';
import { classifyToken, type PresentedTokenKind } from './auth/token-kind.js';
import type { AccessTokenValidator } from './auth/validated-token.js';
import type { Bank } from './bank/bank.js';
import type { FaultController } from './faults.js';
import { ApiError } from './http/api-error.js';
import type { ApiResponse } from './http/api-response.js';
import { applyCors, applyPreflightHeaders, isPreflight } from './http/cors.js';
import { readJsonBody } from './http/json-body.js';
import type { Router } from './http/router.js';
import { applySecurityHeaders } from './http/security-headers.js';
import {
  formatLogLine,
  loggablePath,
  type BoundedLog,
  type RequestLogEntry,
} from './request-log.js';
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
  readonly requestLog: BoundedLog<RequestLogEntry>;
  readonly log: (line: string) => void;
}

/** What one request learned on its way through, for the log line. */
interface Trace {
  tokenKind: PresentedTokenKind;
  sub: string | undefined;
  /** API routes get the injected latency; health, admin and preflights do not. */
  isApi: boolean;
}

/** The parts of a request target the API reads. */
interface RequestTarget {
  readonly pathname: string;
  readonly searchParams: URLSearchParams;
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

function toApiError(error: unknown, log: (line: string) => void): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof TokenError) return apiErrorFromTokenError(error);
  if (error instanceof DpopError) return apiErrorFromDpopError(error);
  log(`internal error: ${error instanceof Error ? `${error.name}: ${error.message}` : 'unknown'}`);
  return new ApiError(500, 'internal_error', 'Something went wrong on our side.');
}

function send(res: ServerResponse, response: ApiResponse): void {
  for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, value);
  if (response.body === undefined) {
    res.writeHead(response.status).end();
    return;
  }
  const json = JSON.stringify(response.body);
  res
    .writeHead(response.status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(json),
    })
    .end(json);
}

/** Builds the one function that answers every HTTP request. */
export function createRequestHandler(deps: HandlerDeps) {
  async function runApiRoute(
    req: IncomingMessage,
    url: RequestTarget,
    route: ApiRoute,
    params: Readonly<Record<string, string>>,
    trace: Trace,
  ): Promise<ApiResponse> {
    if (url.searchParams.has('access_token')) {
      throw new ApiError(
        400,
        'invalid_request',
        'Send tokens in the Authorization header, never in the URL.',
      );
    }
    const dpopToken = parseDpopAuthorization(req.headers.authorization);
    const token = dpopToken ?? parseBearerToken(req.headers.authorization);
    trace.tokenKind = classifyToken(token);
    if (token === undefined) throw new TokenError('missing_token');
    const validated =
      dpopToken === undefined
        ? await deps.validator.validate(token)
        : await validateDpopRequest(req, url.pathname, token, deps.validator, deps.dpop);
    if (dpopToken === undefined) rejectBoundBearerToken(validated);
    trace.sub = validated.sub;
    if (deps.faults.consumeTokenRejection()) throw new TokenError('token_rejected');
    if (!validated.scopes.has(route.scope)) throw insufficientScope(route.scope);
    // Injected failures strike after authentication and before anything is read or applied.
    if (deps.faults.shouldFail()) {
      throw new ApiError(
        500,
        'injected_fault',
        'Injected failure (fault injection); nothing was applied.',
      );
    }
    const body = route.body === true ? await readJsonBody(req) : undefined;
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
    const { response, replayed } = await deps.idempotency.execute(
      validated.sub,
      key,
      fingerprint,
      run,
    );
    return replayed
      ? { ...response, headers: { ...response.headers, 'idempotent-replayed': 'true' } }
      : response;
  }

  async function route(
    req: IncomingMessage,
    url: RequestTarget,
    trace: Trace,
  ): Promise<ApiResponse> {
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
    return runApiRoute(req, url, match.value, match.params, trace);
  }

  return async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const at = new Date().toISOString();
    const trace: Trace = { tokenKind: 'none', sub: undefined, isApi: false };
    const url = parseTarget(req.url);
    let response: ApiResponse;
    try {
      applySecurityHeaders(res);
      const cors = applyCors(req, res, deps.allowedOrigins);
      if (cors === 'forbidden') {
        throw new ApiError(403, 'origin_not_allowed', 'This origin may not call the API.');
      }
      if (isPreflight(req)) {
        applyPreflightHeaders(res);
        response = { status: 204 };
      } else {
        response = await route(req, url, trace);
      }
    } catch (error) {
      const apiError = toApiError(error, deps.log);
      response = { status: apiError.status, body: apiError.toBody(), headers: apiError.headers };
    }
    const latency = deps.faults.latencyMs;
    if (trace.isApi && latency > 0) await delay(latency);
    if (!res.headersSent && !res.destroyed) send(res, response);
    const entry: RequestLogEntry = {
      at,
      method: req.method ?? 'GET',
      path: loggablePath(url.pathname),
      status: response.status,
      sub: trace.sub,
      tokenKind: trace.tokenKind,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      error:
        response.status >= 400 && typeof response.body === 'object' && response.body !== null
          ? String((response.body as { code?: unknown }).code)
          : undefined,
    };
    deps.requestLog.push(entry);
    deps.log(formatLogLine(entry));
  };
}
