// POST {prefix}/logout: revokes the refresh token (best effort), deletes the session, clears the
// cookie, and gives the browser the IdP's end-session form to post. No ID token is sent to the
// browser, so none can appear in a URL: the IdP asks the user to confirm instead.
import * as oidc from 'openid-client';
import type { BffContext } from '../context';
import { describe } from '../log';
import { json, jsonError } from '../responses';
import { loginRequired } from './session';

/** The body of `POST {prefix}/logout`. */
export interface LogoutAnswer {
  endSession: { url: string; form: Record<string, string> } | null;
}

export async function logout(request: Request, context: BffContext): Promise<Response> {
  const { options, sessions, idp } = context;
  const clear = { 'set-cookie': sessions.clearCookie() };
  const key = sessions.keyOf(request);
  if (key === undefined) return jsonError(loginRequired(), clear);
  const ended = await sessions.locked(key, async (current, write) => {
    if (!current) return undefined;
    await write.remove();
    return current;
  });
  if (!ended) return jsonError(loginRequired(), clear);

  let endSession: LogoutAnswer['endSession'] = null;
  try {
    const configs = await idp.configs();
    if (ended.refreshToken !== null) {
      // Best effort: the session is gone here whatever the IdP says.
      await oidc
        .tokenRevocation(configs.idp, ended.refreshToken, { token_type_hint: 'refresh_token' })
        .catch((error: unknown) =>
          options.log(`@sesame/bff: refresh token revocation failed (${describe(error)})`),
        );
    }
    const endpoint = configs.idp.serverMetadata().end_session_endpoint;
    if (endpoint) {
      endSession = {
        url: endpoint,
        form: {
          client_id: options.clientId,
          post_logout_redirect_uri: options.postLogoutRedirectUri,
          // No `state`: nothing here would read it back, and the IdP would echo it into the app's
          // address bar (`/?state=…`) after the sign-out.
        },
      };
    }
  } catch (error) {
    options.log(`@sesame/bff: IdP unavailable at sign-out (${describe(error)})`);
  }
  const answer: LogoutAnswer = { endSession };
  return json(200, answer, clear);
}
