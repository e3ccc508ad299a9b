import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readSharedServerOptions, SERVER_CLI_OPTIONS } from './server-cli-options.js';

const read = (argv: string[], env: NodeJS.ProcessEnv) =>
  readSharedServerOptions(
    parseArgs({ args: argv, options: SERVER_CLI_OPTIONS }).values,
    env,
    'X_API',
  );

describe('readSharedServerOptions', () => {
  it('reads each option from its flag first, else from the <prefix>_ environment variable', () => {
    const options = read(['--audience', 'urn:flag', '--admin'], {
      X_API_AUDIENCE: 'urn:env',
      X_API_ALLOWED_ORIGINS: 'http://a.test, http://b.test',
      X_API_ANCHOR_DATE: '2026-01-02',
    });
    expect(options).toMatchObject({
      audience: 'urn:flag',
      allowedOrigins: ['http://a.test', 'http://b.test'],
      anchorDate: '2026-01-02',
      admin: true,
    });
  });

  it('leaves unset options out, and turns admin on only for 1 or true', () => {
    const options = read([], { X_API_ADMIN: 'yes', BANK_API_AUDIENCE: 'urn:other' });
    expect(Object.keys(options).sort()).toEqual(['admin', 'logger']);
    expect(options.admin).toBe(false);
    expect(read([], { X_API_ADMIN: 'true' }).admin).toBe(true);
    expect(read([], { X_API_ADMIN: '1' }).admin).toBe(true);
  });
});
