import type { AuthClient, AuthState, AuthUser, IdTokenClaims, SignInOptions } from '@sesame/core';
import { loaderUsers } from './loader-data-owner';
import { meetsRequirements, type Requirements } from './requirements';

/** Options of {@link requireAuth}. */
export interface RequireAuthOptions<
  C extends IdTokenClaims = IdTokenClaims,
> extends Requirements<C> {
  /**
   * The loader's `request`: the sign-in comes back to its URL (path and query; the hash too on the
   * first page load, where the address bar has it). Without it, the address bar's location is used.
   */
  request?: Request;
  /** Overrides where the sign-in comes back to (a document path such as `/app/accounts?id=1`). */
  returnTo?: string;
  /** Passed to the sign-in this guard starts. */
  signInOptions?: Pick<SignInOptions, 'prompt' | 'loginHint'>;
}

/** The status 403 `Response` thrown for a signed-in user who does not meet the requirements. */
export function forbiddenResponse(): Response {
  return new Response("You don't have access to this page.", {
    status: 403,
    statusText: 'Forbidden',
  });
}

/** The client's state once it is not `loading` (the stored session read, any callback finished). */
function settled<C extends IdTokenClaims>(client: AuthClient<C>): Promise<AuthState<C>> {
  return new Promise((resolve) => {
    const check = () => {
      const state = client.getSnapshot();
      if (state.status === 'loading') return false;
      resolve(state);
      return true;
    };
    if (check()) return;
    const stop = client.subscribe(() => {
      if (check()) stop();
    });
  });
}

function returnToOf(request: Request | undefined): string {
  const here = window.location;
  if (!request) return here.pathname + here.search + here.hash;
  const url = new URL(request.url);
  const path = url.pathname + url.search;
  // A Request drops the fragment; on the first load the address bar still holds this very URL.
  return path === here.pathname + here.search ? path + here.hash : path;
}

/** Never settles unless `signal` aborts (the router gave up the navigation): the page is leaving. */
function leaving(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => {
    signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });
}

/**
 * The loader guard for data routers: `const user = await requireAuth(auth, { request })` at the top
 * of a loader. It waits for the session to settle, then
 * - signed in and meeting the requirements → resolves the user;
 * - signed in without them → throws a 403 `Response` (`isRouteErrorResponse`, status 403);
 * - nobody signed in → starts one automatic sign-in back to the request's URL and never settles
 *   while the browser leaves, so the loader's data requests never run signed out;
 * - unless core's `signInDecision()` names an error to show instead (the last sign-in failed,
 *   `redirect_loop_prevented`, `idle_timeout`, `signed_out_elsewhere`): it throws that `AuthError`
 *   for the route's `errorElement`, the one `<ProtectedRoute>` shows.
 */
export async function requireAuth<C extends IdTokenClaims = IdTokenClaims>(
  client: AuthClient<C>,
  options: RequireAuthOptions<C> = {},
): Promise<AuthUser<C>> {
  await client.initialize();
  const state = await settled(client);
  if (state.status === 'authenticated') {
    if (!meetsRequirements(state.user, options)) throw forbiddenResponse();
    // <ProtectedRoute> compares it with the user it renders for (a switch while loaders ran).
    loaderUsers.set(client, state.user.sub);
    return state.user;
  }
  // Core decides whether it leaves; it rejects with a refusal or failure, which is also the state.
  await client.signIn({
    ...options.signInOptions,
    returnTo: options.returnTo ?? returnToOf(options.request),
    auto: true,
  });
  // The answer <ProtectedRoute> renders: an error the state shows (signIn stayed), or leaving.
  const decision = client.signInDecision();
  if (typeof decision === 'object') throw decision;
  return leaving(options.request?.signal);
}

/**
 * Wraps a loader so that it runs only for a signed-in user who meets the requirements (see
 * {@link requireAuth}); the user is passed as its second argument.
 */
export function protectedLoader<
  Args extends { request: Request },
  Result,
  C extends IdTokenClaims = IdTokenClaims,
>(
  client: AuthClient<C>,
  loader: (args: Args, user: AuthUser<C>) => Result,
  options: Omit<RequireAuthOptions<C>, 'request'> = {},
): (args: Args) => Promise<Awaited<Result>> {
  return async (args): Promise<Awaited<Result>> => {
    const user = await requireAuth(client, { ...options, request: args.request });
    return await loader(args, user);
  };
}
