// Child process for the api-validation benchmark: the servers run here so the load generator in
// the parent does not share their event loop. Starts the real IdP, gets a real access token for
// Jane through the code + PKCE flow, starts the bank API, and a bare node:http server that
// answers GET /accounts with the very JSON the bank API returns.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { start as startBankApi } from '@sesame/bank-api';
import { start as startIdp, DEMO_USERS } from '@sesame/idp';
import { obtainTokens } from '@sesame/idp/testing';

export interface ServersReady {
  type: 'ready';
  apiUrl: string;
  bareUrl: string;
  token: string;
  bodyBytes: number;
}

const idp = await startIdp({ port: 0, accessTokenTtl: 3600, tokenFormat: 'jwt' });
const jane = DEMO_USERS.find((user) => user.sub === 'usr_jane_doe') ?? DEMO_USERS[0];
if (jane === undefined) throw new Error('the IdP has no demo users');
const tokens = await obtainTokens({
  issuer: idp.issuer,
  user: { login: jane.login, password: jane.password },
});
const api = await startBankApi({ port: 0, issuer: idp.issuer, anchorDate: '2025-03-15' });

const probe = await fetch(`${api.url}/accounts`, {
  headers: { authorization: `Bearer ${tokens.access_token}` },
});
if (probe.status !== 200) throw new Error(`GET /accounts answered ${probe.status}`);
const body = await probe.text();

const bare = createServer((req, res) => {
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
});
await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));

const ready: ServersReady = {
  type: 'ready',
  apiUrl: api.url,
  bareUrl: `http://127.0.0.1:${(bare.address() as AddressInfo).port}`,
  token: tokens.access_token,
  bodyBytes: Buffer.byteLength(body),
};
process.send?.(ready);

process.on('message', (message) => {
  if (message !== 'stop') return;
  bare.closeAllConnections();
  bare.close();
  void Promise.all([api.stop(), idp.stop()]).finally(() => process.exit(0));
});
