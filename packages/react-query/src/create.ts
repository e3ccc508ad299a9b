import { QueryClient, type QueryClientConfig } from '@tanstack/react-query';
import { bindQueryClient, type AuthSource, type BindOptions } from './bind';

/**
 * A `QueryClient` bound to `auth` with {@link bindQueryClient} for the app's lifetime: queries wait for
 * sign-in, the cache is emptied on sign-out and on a change of user, `retry` is {@link authRetry}.
 * `config` is TanStack's (its `defaultOptions` win over Sesame's) plus {@link BindOptions}.
 */
export function createAuthQueryClient(
  auth: AuthSource,
  config: QueryClientConfig & BindOptions = {},
): QueryClient {
  // Each reads its own options from the one object (QueryClient ignores onLoginRequired).
  const queryClient = new QueryClient(config);
  bindQueryClient(queryClient, auth, config);
  return queryClient;
}
