// A one-page app for the engine's browser tests: the built @sesame/core (dist) and oidc-client-ts's ESM
// build served as modules with an import map, no bundler. The page makes one client from /config.json,
// completes a sign-in found in the URL, shows the state in the DOM and exposes the client as
// `window.sesame` for the test to drive. Binds 127.0.0.1 on port 0.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const oidcDir = dirname(require.resolve('oidc-client-ts/package.json'));
// jwt-decode exports no package.json; its CommonJS entry sits next to the ESM build.
const jwtDecodeEsm = join(
  dirname(createRequire(join(oidcDir, 'package.json')).resolve('jwt-decode')),
  '../esm/index.js',
);

const DIST = join(here, '../dist');
const MODULES: Record<string, string> = {
  '/lib/oidc-client-ts.js': join(oidcDir, 'dist/esm/oidc-client-ts.js'),
  '/lib/jwt-decode.js': jwtDecodeEsm,
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8" />
<title>Sesame tabs</title>
<script type="importmap">
{ "imports": { "oidc-client-ts": "/lib/oidc-client-ts.js", "jwt-decode": "/lib/jwt-decode.js" } }
</script>
</head>
<body>
<p>Status: <output id="status">loading</output></p>
<p>Idle: <output id="idle">off</output></p>
<button id="stay" type="button">Stay signed in</button>
<script type="module">
const config = await (await fetch('/config.json')).json();
// The lease fallback test runs in a browser without Web Locks, as old ones are.
if (config.withoutWebLocks) Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined });
const { createAuthClient, crossTabLock, idleTimer } = await import('/lib/core/index.js');
window.sesameLog = [];
const client = createAuthClient({
  ...config.settings,
  crossTabLock,
  idleTimer,
  redirect_uri: location.origin + '/callback',
  post_logout_redirect_uri: location.origin + '/',
  logger: { debug: (message, data) => window.sesameLog.push(data ? message + ' ' + JSON.stringify(data) : message) },
});
window.sesame = client;
const render = () => {
  const s = client.getSnapshot();
  document.getElementById('status').textContent = s.status + (s.error ? ':' + s.error.code : '');
  const idle = client.getTimeouts().idle;
  document.getElementById('idle').textContent = !idle ? 'off' : idle.warning ? 'warning:' + idle.secondsLeft : 'active';
};
client.subscribe(render);
client.subscribeTimeouts(render);
document.getElementById('stay').addEventListener('click', () => client.reportActivity());
if (client.isCallbackUrl()) {
  const { returnTo } = await client.handleCallback();
  history.replaceState(null, '', returnTo);
}
await client.initialize();
render();
document.body.dataset.ready = 'yes';
</script>
</body>
</html>`;

export interface TabApp {
  url: string;
  /** What the next page load reads from /config.json. */
  config: { settings: Record<string, unknown>; withoutWebLocks?: boolean };
  stop(): Promise<void>;
}

export async function startTabApp(): Promise<TabApp> {
  const app: Omit<TabApp, 'url' | 'stop'> = { config: { settings: {} } };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    // The build splits shared code into chunks that index.js imports by relative path.
    const inDist = /^\/lib\/core\/[\w./-]+\.js$/.test(path) && !path.includes('..');
    const file = inDist ? join(DIST, path.slice('/lib/core/'.length)) : MODULES[path];
    if (file) {
      readFile(file).then(
        (body) => res.writeHead(200, { 'content-type': 'text/javascript' }).end(body),
        () => res.writeHead(500).end(`${file} is missing: build @sesame/core first`),
      );
    } else if (path === '/config.json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(app.config));
    } else if (path === '/' || path === '/callback' || path === '/other') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(app, {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
