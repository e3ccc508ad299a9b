// What the Sesame time-to-data pages (browser mode, two APIs, BFF mode) share: the page that shows
// its figures once signed in. Apart from shared.tsx so that the floor pages never import @sesame/react.
import type { ReactNode } from 'react';
import { useAuth, useAuthClient } from '@sesame/react';

/** `figures` once the session is there; until then "Loading…", or the sign-in button. */
export function SignedInPage({ figures }: { figures: ReactNode }) {
  const status = useAuth((state) => state.status);
  const client = useAuthClient();
  if (status === 'authenticated') return figures;
  if (status === 'loading') return <p>Loading…</p>;
  // Only the benchmark's setup run gets here: it signs in once through the IdP's pages (and the BFF's).
  return (
    <button id="sign-in" onClick={() => void client.signIn()}>
      Sign in
    </button>
  );
}
