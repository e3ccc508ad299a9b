// @auth0/auth0-react: <Auth0Provider>, useAuth0() and a sign-in button.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Auth0Provider, useAuth0 } from '@auth0/auth0-react';
import { CLIENT_ID, REDIRECT_URI } from './config';

function Greeting() {
  const { user, loginWithRedirect } = useAuth0();
  return user ? (
    <p>{user.name}</p>
  ) : (
    <button onClick={() => void loginWithRedirect()}>Sign in</button>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Auth0Provider
      domain="idp.example.test"
      clientId={CLIENT_ID}
      authorizationParams={{ redirect_uri: REDIRECT_URI }}
    >
      <Greeting />
    </Auth0Provider>
  </StrictMode>,
);
