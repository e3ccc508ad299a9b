// react-oidc-context: <AuthProvider>, useAuth() and a sign-in button.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AuthProvider, useAuth } from 'react-oidc-context';
import { CLIENT_ID, ISSUER, REDIRECT_URI } from './config';

function Greeting() {
  const auth = useAuth();
  return auth.user ? (
    <p>{auth.user.profile.name}</p>
  ) : (
    <button onClick={() => void auth.signinRedirect()}>Sign in</button>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AuthProvider authority={ISSUER} client_id={CLIENT_ID} redirect_uri={REDIRECT_URI}>
      <Greeting />
    </AuthProvider>
  </StrictMode>,
);
