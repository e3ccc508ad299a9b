// Sesame: <AuthProvider>, a selector hook read and a sign-in button.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AuthProvider } from '@sesame/react';
import { CLIENT_ID, ISSUER, REDIRECT_URI } from './config';
import { Greeting } from './sesame-greeting';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AuthProvider
      settings={{ authority: ISSUER, client_id: CLIENT_ID, redirect_uri: REDIRECT_URI }}
    >
      <Greeting />
    </AuthProvider>
  </StrictMode>,
);
