import { InMemoryWebStorage, type IdTokenClaims } from 'oidc-client-ts';
import type { TokenStorage } from './settings';

/** What Sesame keeps about the signed-in user. Read and written only by the client. */
export interface StoredUser {
  access_token: string;
  token_type: string;
  refresh_token?: string | undefined;
  id_token?: string | undefined;
  scope?: string | undefined;
  /** Access token expiry, epoch seconds. */
  expires_at?: number | undefined;
  session_state?: string | null | undefined;
  profile: IdTokenClaims;
  /** The IdP's clock minus ours, seconds, estimated when the tokens arrived (see clock.ts). */
  skew?: number | undefined;
  /** Which token response these tokens came from (sortable); tabs sharing storage compare it. */
  gen?: string | undefined;
  /** When the refresh token's absolute lifetime ends, local epoch seconds, when known. */
  session_expires_at?: number | undefined;
  /** When the code exchange that started this session completed, local epoch ms (redirect-loop guard). */
  signed_in_at?: number | undefined;
  /** The other APIs' tokens, by API name (the `apis` setting; the first API's token is `access_token`). */
  apis?: Record<string, ApiToken> | undefined;
}

/** One API's access token (the `apis` setting). */
export interface ApiToken {
  access_token: string;
  /** Expiry, local epoch seconds. */
  expires_at?: number | undefined;
  scope?: string | undefined;
}

/** The Web Storage area for `kind`, or memory when there is no window or the browser refuses access. */
export function webStorage(kind: TokenStorage): Storage {
  try {
    if (kind !== 'memory' && typeof window !== 'undefined') {
      return kind === 'local' ? window.localStorage : window.sessionStorage;
    }
  } catch {
    // Storage disabled (privacy settings, sandboxed frame): fall back to memory.
  }
  return new InMemoryWebStorage();
}

/**
 * Reads and writes a client's user (its `storage` mode, its key `sesame.user:<client_id>@<authority>`,
 * the one lifecycle.ts watches). A corrupt entry reads as "no user".
 */
export function createUserStore(settings: {
  storage: TokenStorage;
  client_id: string;
  authority: string;
}) {
  const storage = webStorage(settings.storage);
  const key = `sesame.user:${settings.client_id}@${settings.authority}`;
  return {
    get(): StoredUser | null {
      try {
        // JSON.parse(null) reads "null": no entry is no user.
        const user = JSON.parse(storage.getItem(key)!) as StoredUser | null;
        if (
          user &&
          typeof user.access_token === 'string' &&
          typeof user.profile?.sub === 'string'
        ) {
          return user;
        }
      } catch {
        // fall through
      }
      storage.removeItem(key);
      return null;
    },
    set(user: StoredUser | null) {
      if (user) storage.setItem(key, JSON.stringify(user));
      else storage.removeItem(key);
    },
  };
}
