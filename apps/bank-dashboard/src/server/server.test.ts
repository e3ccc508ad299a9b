// @vitest-environment node
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, type RunningDashboard } from './index';

let root: string;
let dashboard: RunningDashboard;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sesame-dashboard-'));
  await mkdir(join(root, 'assets'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>app</title>');
  await writeFile(join(root, 'assets', 'app-123.js'), 'console.log(1)');
  await writeFile(join(tmpdir(), 'sesame-secret.txt'), 'secret');
  dashboard = await start({
    port: 0,
    root,
    config: { authority: 'http://127.0.0.1:4000', apiUrl: 'http://127.0.0.1:4100' },
  });
});

afterAll(async () => {
  await dashboard.stop();
  await rm(root, { recursive: true, force: true });
});

describe('the dashboard server', () => {
  it('binds 127.0.0.1 on the port it was given (0: any free one)', () => {
    expect(dashboard.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves client routes as index.html with a strict CSP naming the IdP and API, never cached', async () => {
    const response = await fetch(`${dashboard.url}/accounts/acc_1?q=x`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>app</title>');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("connect-src 'self' http://127.0.0.1:4000 http://127.0.0.1:4100");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self' http://127.0.0.1:4000;"); // sign-out posts to the IdP
  });

  it('serves /config.js from the current config, and setConfig changes it', async () => {
    const before = await (await fetch(`${dashboard.url}/config.js`)).text();
    expect(before).toContain('"apiUrl":"http://127.0.0.1:4100"');
    dashboard.setConfig({ apiUrl: 'http://127.0.0.1:4200', storage: 'local' });
    const after = await fetch(`${dashboard.url}/config.js`);
    expect(after.headers.get('content-type')).toContain('text/javascript');
    expect(await after.text()).toContain('"apiUrl":"http://127.0.0.1:4200","storage":"local"');
    expect(() => dashboard.setConfig({ storage: 'cookie' as never })).toThrow(/storage/);
  });

  it('caches hashed assets for good and answers 404 for missing files', async () => {
    const asset = await fetch(`${dashboard.url}/assets/app-123.js`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${dashboard.url}/assets/missing.js`)).status).toBe(404);
  });

  it('never serves a file outside its root', async () => {
    for (const path of [
      '/../sesame-secret.txt',
      '/%2e%2e/sesame-secret.txt',
      '/assets/..%2f..%2fsesame-secret.txt',
    ]) {
      const response = await fetch(`${dashboard.url}${path}`);
      expect(await response.text()).not.toContain('secret');
    }
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await fetch(`${dashboard.url}/`, { method: 'POST' })).status).toBe(405);
  });
});
