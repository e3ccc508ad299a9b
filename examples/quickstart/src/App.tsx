import { AuthProvider, useAuth } from '@sesame/react';

const settings = {
  authority: import.meta.env.VITE_OIDC_AUTHORITY, // your identity provider's issuer URL
  client_id: import.meta.env.VITE_OIDC_CLIENT_ID, // a public client registered there
  redirect_uri: window.location.origin, // <AuthProvider> completes the sign-in on return
  post_logout_redirect_uri: window.location.origin,
};

function Account() {
  const { status, user, signIn, signOut } = useAuth();
  if (status === 'loading') return <p>Loading…</p>;
  if (!user) return <button onClick={() => signIn()}>Sign in</button>;
  return <button onClick={() => signOut()}>Sign out {user.profile.name}</button>;
}

export default function App() {
  return (
    <AuthProvider settings={settings}>
      <Account />
    </AuthProvider>
  );
}
