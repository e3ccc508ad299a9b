// oidc-client-ts's UserManager in a real browser tab, its signinSilent() called directly (with a
// refresh token it uses the refresh grant).
import { UserManager } from 'oidc-client-ts';
import { burst, config, ready } from './burst';

const { issuer, clientId, scope } = config();
const manager = new UserManager({
  authority: issuer,
  client_id: clientId,
  redirect_uri: `${window.location.origin}/refresh-oidc-client-ts.html`,
  scope,
  automaticSilentRenew: false,
  monitorSession: false,
});

async function load() {
  if (new URLSearchParams(window.location.search).has('code')) {
    await manager.signinCallback();
    window.history.replaceState(null, '', '/refresh-oidc-client-ts.html');
  }
  const user = await manager.getUser();
  ready(user !== null && !user.expired, {
    signIn: () => manager.signinRedirect(),
    burst: (k) => burst(k, () => manager.signinSilent()),
    survives: () =>
      manager.signinSilent().then(
        (renewed) => renewed !== null,
        () => false,
      ),
  });
}

void load();
