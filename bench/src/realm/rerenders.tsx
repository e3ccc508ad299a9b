// Child process of the rerenders benchmark: renders of a component that shows only the user's
// name across 10 real token refreshes, for Sesame's useAuth(selector), Sesame's useAuth() without
// a selector, and react-oidc-context's useAuth(). React's development build (act needs it), no
// StrictMode, so one render of the component is one call of its body.
import { report } from '../child.js';
import { installJsdomRealm } from './jsdom.js';

installJsdomRealm('http://localhost:3000/');
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
const { act } = await import('react');
const { createRoot } = await import('react-dom/client');
const sesameReact = await import('@sesame/react');
const oidcContext = await import('react-oidc-context');
const session = await import('./session.js');

export interface RerenderRow {
  subject: 'sesame-selector' | 'sesame-whole' | 'react-oidc-context';
  /** Renders before the first refresh (mount and session load). */
  initialRenders: number;
  /** Renders caused by the refreshes. */
  rendersDuringRefreshes: number;
  /** Distinct access tokens seen across the refreshes (proves each refresh was real). */
  distinctTokens: number;
  shownName: string;
}

const REFRESHES = 10;

interface Counter {
  renders: number;
}

function SesameSelectorName({ counter }: { counter: Counter }) {
  counter.renders += 1;
  const name = sesameReact.useAuth((state) => state.user?.profile.name);
  return <p id="name">{name}</p>;
}

function SesameWholeName({ counter }: { counter: Counter }) {
  counter.renders += 1;
  const auth = sesameReact.useAuth();
  return <p id="name">{auth.user?.profile.name}</p>;
}

function OidcContextName({ counter }: { counter: Counter }) {
  counter.renders += 1;
  const auth = oidcContext.useAuth();
  return <p id="name">{auth.user?.profile.name}</p>;
}

const shownName = () => document.getElementById('name')?.textContent ?? '';

async function measure(
  subject: RerenderRow['subject'],
  setAccessTokenTtl: (seconds: number) => void,
  element: (counter: Counter) => React.ReactNode,
  refresh: () => Promise<string>,
): Promise<RerenderRow> {
  const counter: Counter = { renders: 0 };
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  await act(async () => root.render(element(counter)));
  // The session loads asynchronously for react-oidc-context: wait (bounded) until the name shows.
  for (let i = 0; i < 100 && shownName() === ''; i += 1) {
    await act(() => new Promise((resolve) => setTimeout(resolve, 10)));
  }
  if (shownName() === '') throw new Error(`${subject}: the name never showed`);
  const initialRenders = counter.renders;
  const tokens = new Set<string>();
  for (let i = 0; i < REFRESHES; i += 1) {
    // A different lifetime per refresh, so each new token expires at a different second even
    // when the refreshes take less than one: as in an app, where they are minutes apart.
    setAccessTokenTtl(300 + i + 1);
    await act(async () => {
      tokens.add(await refresh());
    });
  }
  const row: RerenderRow = {
    subject,
    initialRenders,
    rendersDuringRefreshes: counter.renders - initialRenders,
    distinctTokens: tokens.size,
    shownName: shownName(),
  };
  await act(async () => root.unmount());
  container.remove();
  return row;
}

await report(async () => {
  const idp = await session.startBenchIdp();
  const rows: RerenderRow[] = [];
  try {
    for (const subject of ['sesame-selector', 'sesame-whole'] as const) {
      session.clearBrowserState();
      const client = await session.signedInSesame(idp.issuer);
      const Name = subject === 'sesame-selector' ? SesameSelectorName : SesameWholeName;
      rows.push(
        await measure(
          subject,
          idp.setAccessTokenTtl,
          (counter) => (
            <sesameReact.AuthProvider client={client}>
              <Name counter={counter} />
            </sesameReact.AuthProvider>
          ),
          () => client.getAccessToken({ forceRefresh: true }),
        ),
      );
      client.dispose();
    }
    session.clearBrowserState();
    const manager = await session.signedInUserManager(idp.issuer);
    rows.push(
      await measure(
        'react-oidc-context',
        idp.setAccessTokenTtl,
        (counter) => (
          <oidcContext.AuthProvider userManager={manager}>
            <OidcContextName counter={counter} />
          </oidcContext.AuthProvider>
        ),
        async () => {
          const user = await manager.signinSilent();
          if (!user) throw new Error('signinSilent returned no user');
          return user.access_token;
        },
      ),
    );
  } finally {
    await idp.stop();
  }
  return rows;
});
