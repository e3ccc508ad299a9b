// Child process for the api-validation benchmark: the servers under load run here, so the load
// generator in the parent does not share their event loop. Starts the bank API against the IdP
// (in its own process), and a bare node:http server that answers GET /accounts with the very JSON
// the bank API returns.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { start as startBankApi } from '@sesame/bank-api';
import { serveChild } from './long-running-child.js';

export interface ServersConfig {
  issuer: string;
  /** A bearer token, to read the JSON the bank API answers (the bare server sends the same). */
  probeToken: string;
}

export interface ServersReady {
  apiUrl: string;
  bareUrl: string;
  bodyBytes: number;
}

serveChild<ServersConfig, ServersReady>(async ({ issuer, probeToken }) => {
  const api = await startBankApi({ port: 0, issuer, anchorDate: '2025-03-15' });
  const probe = await fetch(`${api.url}/accounts`, {
    headers: { authorization: `Bearer ${probeToken}` },
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
  return {
    ready: {
      apiUrl: api.url,
      bareUrl: `http://127.0.0.1:${(bare.address() as AddressInfo).port}`,
      bodyBytes: Buffer.byteLength(body),
    },
    stop: () => {
      bare.closeAllConnections();
      bare.close();
      return api.stop();
    },
  };
});
