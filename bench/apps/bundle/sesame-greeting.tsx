// The browser-mode Sesame bundle apps' one component (sesame, sesame-apis, sesame-dpop): a selector
// hook read and a sign-in button. Not an app of its own; their bundles are byte for byte what they
// were with it written in each. sesame-bff.tsx keeps its own copy: imported there, the module order
// moved its brotli figure (63829 -> 63809 B), and the bundle apps' figures must not move.
import { useAuth, useAuthClient } from '@sesame/react';

export function Greeting() {
  const name = useAuth((state) => state.user?.profile.name);
  const client = useAuthClient();
  return name ? <p>{name}</p> : <button onClick={() => void client.signIn()}>Sign in</button>;
}
