import { useEffect, useRef, useState } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useAuthClient } from '@sesame/react';
import { signOutEverywhere } from '../auth/sign-out';
import { IdleWarningDialog } from './IdleWarningDialog';
import { SessionIndicator } from './SessionIndicator';
import { Logo } from './Logo';

const NAV = [
  { to: '/overview', label: 'Overview', icon: 'M3 12l9-8 9 8M5 10v10h5v-6h4v6h5V10' },
  { to: '/transfer', label: 'Transfer', icon: 'M4 8h14l-4-4M20 16H6l4 4' },
  { to: '/cards', label: 'Cards', icon: 'M3 6h18v12H3zM3 10h18M7 15h4' },
  { to: '/investments', label: 'Investments', icon: 'M4 20V10M10 20V4M16 20v-7M22 20H2' },
  {
    to: '/profile',
    label: 'Profile',
    icon: 'M12 12a4 4 0 100-8 4 4 0 000 8zM4 20c1-4 4-6 8-6s7 2 8 6',
  },
];

function NavIcon({ path }: { path: string }) {
  return (
    <svg className="nav__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={path} />
    </svg>
  );
}

/** The signed-in frame: skip link, header with the session and sign-out, navigation, main area. */
export function AppShell() {
  const auth = useAuthClient();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  const [signOutFailed, setSignOutFailed] = useState(false);
  const signOut = () => {
    setSignOutFailed(false);
    signOutEverywhere(auth).catch(() => setSignOutFailed(true));
  };

  // After a client-side navigation, move focus to the new page so screen readers announce it.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [location.pathname]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Logo />
        <div className="topbar__session">
          <SessionIndicator />
          <button type="button" className="button button--ghost" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <nav className="nav" aria-label="Main">
        <ul className="nav__list">
          {NAV.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} className="nav__link">
                <NavIcon path={item.icon} />
                <span>{item.label}</span>
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="main" tabIndex={-1} ref={main}>
        {signOutFailed ? (
          <div className="notice notice--warning" role="alert">
            You are signed out on this device, but the bank could not be told. Close the browser to
            be safe.
          </div>
        ) : null}
        <Outlet />
      </main>
      <IdleWarningDialog onSignOut={signOut} />
    </div>
  );
}
