import { useEffect } from 'react';
import { Link } from 'react-router';
import { useAuth } from '@sesame/react';
import { describeSignInError } from '@sesame/react-router';
import { Logo } from '../components/Logo';

/** The public front page: what the bank is, and the way in. */
export function LandingPage() {
  const auth = useAuth();
  useEffect(() => {
    document.title = 'Sesame Bank · Online banking';
  }, []);
  return (
    <div className="landing">
      <header className="landing__bar">
        <Logo />
      </header>
      <main id="main" className="landing__main">
        <section className="landing__hero" aria-labelledby="landing-title">
          <h1 id="landing-title">Online banking, kept simple and safe</h1>
          <p className="landing__lead">
            See your balances, move money between accounts, pay people and manage your cards. Your
            sign-in happens on the bank&apos;s own page; this site never sees your password.
          </p>
          {auth.status === 'error' ? (
            <div className="notice notice--error" role="alert">
              <p className="notice__title">Signing in did not work</p>
              <p className="notice__detail">{describeSignInError(auth.error)} You can try again.</p>
            </div>
          ) : null}
          {auth.status === 'unauthenticated' && auth.error ? (
            <div className="notice notice--info" role="status">
              {auth.error.code === 'idle_timeout'
                ? 'For your security you were signed out after a period of inactivity. Sign in again to continue.'
                : auth.error.code === 'signed_out_elsewhere'
                  ? 'You signed out in another tab. Sign in again to continue.'
                  : auth.error.code === 'login_required'
                    ? "Your session has ended: it was closed at the bank's sign-in service (signed out there or from another device), or it ran out of time. Sign in again to continue."
                    : 'Your session has ended. Sign in again to continue.'}
            </div>
          ) : null}
          <div className="landing__actions">
            {auth.status === 'authenticated' ? (
              <Link className="button button--primary button--large" to="/overview">
                Continue to your accounts
              </Link>
            ) : (
              <button
                type="button"
                className="button button--primary button--large"
                disabled={auth.status === 'loading'}
                // A failure is the state's error, shown above; catching keeps it from going unhandled.
                onClick={() => auth.signIn({ returnTo: '/overview' }).catch(() => {})}
              >
                Sign in
              </button>
            )}
          </div>
        </section>
        <ul className="landing__points" aria-label="Why customers trust us">
          <li>
            <strong>Signed in securely</strong>
            <span>Authorization Code with PKCE; tokens only ever go to the bank.</span>
          </li>
          <li>
            <strong>Every payment once</strong>
            <span>Each transfer carries a unique key, so a double click never pays twice.</span>
          </li>
          <li>
            <strong>Signed out everywhere</strong>
            <span>Signing out clears this device and ends your session at the bank.</span>
          </li>
        </ul>
      </main>
    </div>
  );
}
