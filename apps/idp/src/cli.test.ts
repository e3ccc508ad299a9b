import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateBffClientKeys } from './bff-keys';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

function runCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: packageDir,
    env: { ...process.env, SESAME_IDP_PORT: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const output = () => ({ stdout, stderr });
  const waitFor = async (pattern: RegExp): Promise<RegExpExecArray> => {
    for (;;) {
      const match = pattern.exec(stdout);
      if (match) return match;
      if (child.exitCode !== null) throw new Error(`CLI exited early: ${stderr}`);
      await once(child.stdout, 'data');
    }
  };
  return { child, exited, output, waitFor };
}

describe('the CLI', () => {
  it('prints the issuer and the demo users, serves discovery, and stops on SIGTERM', async () => {
    const cli = runCli(['--port', '0', '--admin']);
    try {
      const [, issuer = ''] = await cli.waitFor(/Issuer:\s+(http:\/\/127\.0\.0\.1:\d+)\n/);
      await cli.waitFor(/ann\.viewer.*read-only/);
      expect(cli.output().stdout).toContain('jane.doe');
      expect(cli.output().stdout).toContain('john.smith');
      expect(cli.output().stdout).toMatch(/DPoP:\s+optional \(start with --dpop/);

      const discovery = await fetch(`${issuer}/.well-known/openid-configuration`);
      expect((await discovery.json()).issuer).toBe(issuer);
      await cli.waitFor(/GET \/\.well-known\/openid-configuration 200/);
      expect((await fetch(`${issuer}/__admin/counters`)).status).toBe(200);
    } finally {
      cli.child.kill('SIGTERM');
    }
    const [code] = await cli.exited;
    expect(code).toBe(0);
  });

  it('says when DPoP is required for the dashboard, with nonces', async () => {
    const cli = runCli(['--port', '0', '--quiet', '--dpop', '--dpop-nonce']);
    try {
      const [, issuer = ''] = await cli.waitFor(/Issuer:\s+(http:\/\/127\.0\.0\.1:\d+)\n/);
      await cli.waitFor(/DPoP:\s+required for bank-dashboard \(.*nonces required at \/token\)/);
      // An answer means main() has run to its end, so the SIGTERM handler is in place.
      expect((await fetch(`${issuer}/.well-known/openid-configuration`)).status).toBe(200);
    } finally {
      cli.child.kill('SIGTERM');
    }
    expect((await cli.exited)[0]).toBe(0);
  });

  it('registers the BFF client from a JWKS file (--bff-jwks) and says so', async () => {
    const { publicJwks } = await generateBffClientKeys();
    const path = join(mkdtempSync(join(tmpdir(), 'sesame-idp-cli-')), 'bff.jwks.json');
    writeFileSync(path, JSON.stringify(publicJwks));
    const cli = runCli(['--port', '0', '--quiet', '--bff-jwks', path]);
    try {
      const [, issuer = ''] = await cli.waitFor(/Issuer:\s+(http:\/\/127\.0\.0\.1:\d+)\n/);
      await cli.waitFor(/BFF client: bank-bff \(private_key_jwt, PAR, DPoP, FAPI 2\.0\)/);
      // The client exists: a pushed request without its client authentication is refused as such.
      const par = await fetch(`${issuer}/request`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: 'bank-bff', response_type: 'code' }),
      });
      expect(par.status).toBe(401);
      expect(await par.json()).toMatchObject({ error: 'invalid_client' });
    } finally {
      cli.child.kill('SIGTERM');
    }
    expect((await cli.exited)[0]).toBe(0);
  });

  it('exits with status 2 and the usage on a bad option', async () => {
    const cli = runCli(['--token-format', 'paseto', '--port', '0']);
    const [code] = await cli.exited;
    expect(code).toBe(2);
    expect(cli.output().stderr).toContain("tokenFormat must be 'jwt' or 'opaque'");
    expect(cli.output().stderr).toContain('Usage: sesame-idp');
  });
});
