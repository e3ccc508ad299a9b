import type { ValidatedToken } from './auth/validated-token.js';
import type { Bank } from './bank/bank.js';
import type { Eventually } from './eventually.js';
import { ApiError } from './http/api-error.js';
import type { ApiResponse } from './http/api-response.js';
import { readJsonBody } from './http/json-body.js';
import {
  createResourceRequestHandler,
  type ApiCall,
  type ResourceHandlerDeps,
} from './http/resource-request-handler.js';
import type { BankAdminContext } from './routes/admin-routes.js';
import type { ApiRoute } from './routes/route.js';
import {
  readIdempotencyKey,
  requestFingerprint,
  type IdempotencyStore,
} from './transfers/idempotency.js';

export type HandlerDeps = Omit<ResourceHandlerDeps<ApiRoute, BankAdminContext>, 'authorised'> & {
  readonly bank: Bank;
  readonly idempotency: IdempotencyStore;
};

/**
 * Builds the one function that answers every HTTP request: the shared resource-server handling
 * (see `createResourceRequestHandler`), then the bank's part of a protected route: injected
 * failures, JSON bodies and idempotency keys.
 */
export function createRequestHandler(deps: HandlerDeps) {
  function runAuthorised(
    call: ApiCall<ApiRoute>,
    validated: ValidatedToken,
  ): Eventually<ApiResponse> {
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
    { req, url, route, params }: ApiCall<ApiRoute>,
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

  return createResourceRequestHandler({ ...deps, authorised: runAuthorised });
}
