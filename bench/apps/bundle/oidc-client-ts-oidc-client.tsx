// Floor for Sesame: oidc-client-ts's OidcClient alone (the protocol layer Sesame builds on, without
// UserManager), with the calls Sesame makes: sign-in request, callback, refresh, sign-out request.
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { OidcClient, type SigninResponse } from 'oidc-client-ts';
import { CLIENT_ID, ISSUER, REDIRECT_URI } from './config';

const client = new OidcClient({
  authority: ISSUER,
  client_id: CLIENT_ID,
  redirect_uri: REDIRECT_URI,
});

function Greeting() {
  const [response, setResponse] = useState<SigninResponse | null>(null);
  useEffect(() => {
    if (!window.location.search.includes('code=')) return;
    void client.processSigninResponse(window.location.href).then(async (signedIn) => {
      setResponse(signedIn);
      const { refresh_token, session_state, profile } = signedIn;
      if (refresh_token) {
        setResponse(
          await client.useRefreshToken({ state: { refresh_token, session_state, profile } }),
        );
      }
    });
  }, []);
  return response ? (
    <p>
      {String(response.profile.name)}
      <button
        onClick={() =>
          void client.createSignoutRequest().then((request) => window.location.assign(request.url))
        }
      >
        Sign out
      </button>
    </p>
  ) : (
    <button
      onClick={() =>
        void client.createSigninRequest({}).then((request) => window.location.assign(request.url))
      }
    >
      Sign in
    </button>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Greeting />
  </StrictMode>,
);
