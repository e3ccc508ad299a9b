// The Sesame app (sesame.tsx) with DPoP on: what the dpop module adds when an app uses it.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { dpop } from '@sesame/core';
import { AuthProvider } from '@sesame/react';
import { CLIENT_ID, ISSUER, REDIRECT_URI } from './config';
import { Greeting } from './sesame-greeting';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AuthProvider
      settings={{
        authority: ISSUER,
        client_id: CLIENT_ID,
        redirect_uri: REDIRECT_URI,
        dpop: dpop(),
      }}
    >
      <Greeting />
    </AuthProvider>
  </StrictMode>,
);
