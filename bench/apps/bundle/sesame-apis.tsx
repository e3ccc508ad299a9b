// The Sesame app (sesame.tsx) naming two APIs: what the apis module adds when an app uses it.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { apis } from '@sesame/core';
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
        apis: apis({
          bank: { origin: 'https://bank.example', resource: 'https://bank.example/api' },
          investments: {
            origin: 'https://invest.example',
            resource: 'https://invest.example/api',
            scopes: ['portfolio:read'],
          },
        }),
      }}
    >
      <Greeting />
    </AuthProvider>
  </StrictMode>,
);
