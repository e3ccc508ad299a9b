import {
  ApiError,
  createResourceRequestHandler,
  type AdminContext,
  type ResourceHandlerDeps,
} from '@sesame/bank-api/resource-server';
import type { ApiRoute } from './routes.js';

export type HandlerDeps = Omit<ResourceHandlerDeps<ApiRoute, AdminContext>, 'authorised'> & {
  readonly today: () => string;
};

/**
 * Builds the one function that answers every request. Authentication, the order of the checks
 * (token, then the "reject the next valid token" fault, then the route's scope, then injected
 * failures) and every refusal are the bank API's, from its resource-server entry; this API adds
 * only its routes' answers.
 */
export function createRequestHandler(deps: HandlerDeps) {
  return createResourceRequestHandler({
    ...deps,
    authorised: ({ route, url }, token) => {
      if (deps.faults.shouldFail()) {
        throw new ApiError(500, 'injected_fault', 'Injected failure (fault injection).');
      }
      return route.handle({ token, query: url.searchParams, today: deps.today() });
    },
  });
}
