import { createServer } from 'node:net';

/**
 * A port on 127.0.0.1 that was free a moment ago. A BFF's callback URL, with its port, must be
 * registered at the IdP before the BFF (which needs the IdP's issuer) can start listening on it.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
