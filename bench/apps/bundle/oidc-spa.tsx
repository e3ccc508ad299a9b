// oidc-spa (react-spa entry, without its Vite plugin): bootstrapOidc, useOidc() and a sign-in button.
// It loads part of itself lazily; the bundle benchmark counts those chunks too.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { oidcSpa } from 'oidc-spa/react-spa';
import { CLIENT_ID, ISSUER } from './config';

const { bootstrapOidc, useOidc, OidcInitializationGate } = oidcSpa.createUtils();
void bootstrapOidc({
  implementation: 'real',
  issuerUri: ISSUER,
  clientId: CLIENT_ID,
});

function Greeting() {
  const oidc = useOidc();
  return oidc.isUserLoggedIn ? (
    <p>{String(oidc.decodedIdToken.name)}</p>
  ) : (
    <button onClick={() => void oidc.login()}>Sign in</button>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <OidcInitializationGate>
      <Greeting />
    </OidcInitializationGate>
  </StrictMode>,
);
