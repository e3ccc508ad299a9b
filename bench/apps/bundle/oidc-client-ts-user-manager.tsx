// Floor for wrappers of oidc-client-ts: its UserManager (what react-oidc-context and most wrappers
// use), read from a hook, with a sign-in button.
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { UserManager, type User } from 'oidc-client-ts';
import { CLIENT_ID, ISSUER, REDIRECT_URI } from './config';

const manager = new UserManager({
  authority: ISSUER,
  client_id: CLIENT_ID,
  redirect_uri: REDIRECT_URI,
});

function Greeting() {
  const [user, setUser] = useState<User | null>(null);
  useEffect(() => {
    void manager.getUser().then(setUser);
    manager.events.addUserLoaded(setUser);
    return () => manager.events.removeUserLoaded(setUser);
  }, []);
  return user ? (
    <p>{user.profile.name}</p>
  ) : (
    <button onClick={() => void manager.signinRedirect()}>Sign in</button>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Greeting />
  </StrictMode>,
);
