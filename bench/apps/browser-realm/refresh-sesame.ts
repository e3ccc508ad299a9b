// Sesame in a real browser tab: tokens are stale from the start (300 s tokens, 600 s margin), so
// every getAccessToken() needs a refresh; real Web Locks, BroadcastChannel and CORS.
import { createAuthClient } from '@sesame/core';
import { burst, config, ready } from './burst';

const { issuer, clientId, scope } = config();
const client = createAuthClient({
  authority: issuer,
  client_id: clientId,
  redirect_uri: `${window.location.origin}/refresh-sesame.html`,
  scope,
  refreshBeforeExpirySeconds: 600,
  autoRenew: false,
});

async function load() {
  if (client.isCallbackUrl()) {
    await client.handleCallback();
    window.history.replaceState(null, '', '/refresh-sesame.html');
  }
  await client.initialize();
  ready(client.getSnapshot().status === 'authenticated', {
    signIn: () => client.signIn(),
    burst: (k) => burst(k, () => client.getAccessToken()),
    survives: () =>
      client.getAccessToken({ forceRefresh: true }).then(
        () => client.getSnapshot().status === 'authenticated',
        () => false,
      ),
  });
}

void load();
