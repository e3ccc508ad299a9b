// Sesame in BFF mode: the same app as sesame.tsx (<AuthClientProvider>, a selector hook read and a
// sign-in button) with the client from `@sesame/core/bff`: the tokens stay on the server.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBffClient } from '@sesame/core/bff';
import { AuthClientProvider, useAuth, useAuthClient } from '@sesame/react';

const auth = createBffClient({ baseUrl: '/bff' });

function Greeting() {
  const name = useAuth((state) => state.user?.profile.name);
  const client = useAuthClient();
  return name ? <p>{name}</p> : <button onClick={() => void client.signIn()}>Sign in</button>;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AuthClientProvider client={auth}>
      <Greeting />
    </AuthClientProvider>
  </StrictMode>,
);
