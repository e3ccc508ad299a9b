import { AuthProvider, useAuth } from '@sesame/react';

const settings = {
  authority: import.meta.env.VITE_OIDC_AUTHORITY, // your identity provider's issuer URL
  client_id: import.meta.env.VITE_OIDC_CLIENT_ID, // a public client registered there
  // "/" included: some providers fail on a path-less URI, and most compare it character for character.
  redirect_uri: `${window.location.origin}/`, // <AuthProvider> completes the sign-in on return
  post_logout_redirect_uri: `${window.location.origin}/`,
};

function Account() {
  const { status, user, error, signIn, signOut } = useAuth();
  if (status === 'loading') return <p>Loading…</p>;
  // `error` says why nobody is signed in (a failed sign-in, an ended session). The commands may
  // reject as well (a sign-out still ends the session here): catch, or the rejection goes unhandled.
  if (!user)
    return (
      <>
        {error && <p role="alert">Please sign in again ({error.code}).</p>}
        <button onClick={() => signIn().catch(() => {})}>Sign in</button>
      </>
    );
  return <button onClick={() => signOut().catch(() => {})}>Sign out {user.profile.name}</button>;
}

export default function App() {
  return (
    <AuthProvider settings={settings}>
      <Account />
    </AuthProvider>
  );
}
