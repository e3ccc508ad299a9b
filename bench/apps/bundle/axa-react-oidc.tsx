// @axa-fr/react-oidc: <OidcProvider>, useOidc()/useOidcUser() and a sign-in button.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { OidcProvider, useOidc, useOidcUser } from '@axa-fr/react-oidc';
import { CLIENT_ID, ISSUER, REDIRECT_URI } from './config';

function Greeting() {
  const { login, isAuthenticated } = useOidc();
  const { oidcUser } = useOidcUser();
  return isAuthenticated ? (
    <p>{String(oidcUser?.name)}</p>
  ) : (
    <button onClick={() => void login()}>Sign in</button>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <OidcProvider
      configuration={{
        authority: ISSUER,
        client_id: CLIENT_ID,
        redirect_uri: REDIRECT_URI,
        scope: 'openid profile offline_access',
      }}
    >
      <Greeting />
    </OidcProvider>
  </StrictMode>,
);
