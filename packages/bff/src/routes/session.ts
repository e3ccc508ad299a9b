// GET {prefix}/session: who is signed in, for the browser client's state. Never a token.
import { tokenFor } from '../api-tokens';
import type { BffContext } from '../context';
import { BffError } from '../errors';
import { json, jsonError } from '../responses';
import type { JsonObject } from '../json';
import type { ResolvedApi } from '../options';
import type { SessionRecord } from '../session-record';

/** What `/session` says of one API's token: never the token. */
export interface ApiTokenView {
  /** Epoch ms; null when the IdP gave no expiry. */
  accessTokenExpiresAt: number | null;
  /** The scopes of this API's token. */
  scopes: string[];
}

/** The body of `GET {prefix}/session` (see the contract in the package README). */
export interface SessionView {
  user: { sub: string; claims: JsonObject };
  scopes: string[];
  /** Epoch ms, for display only; null when the IdP gave no expiry. */
  accessTokenExpiresAt: number | null;
  /** Epoch ms: the absolute end of the session. */
  sessionExpiresAt: number;
  /** Epoch ms: the idle end, moved forward by every request through the BFF. */
  idleExpiresAt: number;
  /**
   * Each API's token by API name, for display and devtools: only APIs that have one yet (an API
   * of another resource gets its token on its first request).
   */
  apis: Record<string, ApiTokenView>;
}

/** What the browser may know of a session: built field by field, so a token can never slip in. */
export function sessionView(
  session: SessionRecord,
  apis: Iterable<ResolvedApi> = [],
  signInResource?: string,
): SessionView {
  const apiViews: Record<string, ApiTokenView> = {};
  for (const api of apis) {
    const token = tokenFor(session, api.resource, signInResource);
    if (token) {
      apiViews[api.name] = {
        accessTokenExpiresAt: token.accessTokenExpiresAt,
        scopes: token.scopes,
      };
    }
  }
  return {
    user: { sub: session.sub, claims: session.claims },
    scopes: session.scopes,
    accessTokenExpiresAt: session.accessTokenExpiresAt,
    sessionExpiresAt: session.absoluteExpiresAt,
    idleExpiresAt: session.idleExpiresAt,
    apis: apiViews,
  };
}

export const loginRequired = () =>
  new BffError('login_required', 'No one is signed in.', { status: 401 });

export async function session(request: Request, context: BffContext): Promise<Response> {
  const loaded = await context.sessions.load(request);
  if (!loaded) {
    // An unknown or ended session's cookie is cleared so the browser stops sending it.
    const stale = context.sessions.keyOf(request) !== undefined;
    return jsonError(
      loginRequired(),
      stale ? { 'set-cookie': context.sessions.clearCookie() } : undefined,
    );
  }
  const { apis, signInResource } = context.options;
  return json(200, sessionView(loaded.session, apis.values(), signInResource));
}
