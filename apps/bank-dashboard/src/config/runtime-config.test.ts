import { describe, expect, it } from 'vitest';
import {
  configScript,
  DEFAULT_CONFIG,
  DashboardConfigError,
  resolveConfig,
} from './runtime-config';

describe('resolveConfig', () => {
  it('uses the local demo defaults when nothing is set', () => {
    expect(resolveConfig()).toEqual(DEFAULT_CONFIG);
  });

  it('layers build-time then run-time values, skipping empty ones', () => {
    const config = resolveConfig(
      { apiUrl: 'http://127.0.0.1:9000/', authority: '', storage: undefined },
      {
        authority: 'http://127.0.0.1:7000',
        refreshBeforeExpirySeconds: '2',
        idleTimeoutSeconds: 600,
      },
    );
    expect(config).toMatchObject({
      apiUrl: 'http://127.0.0.1:9000',
      authority: 'http://127.0.0.1:7000',
      storage: 'session',
      refreshBeforeExpirySeconds: 2,
      idleTimeoutSeconds: 600,
    });
  });

  it('reads the DPoP switch from a boolean or an environment string, off by default', () => {
    expect(resolveConfig().dpop).toBe(false);
    expect(resolveConfig({ dpop: '1' }).dpop).toBe(true);
    expect(resolveConfig({ dpop: 'true' }).dpop).toBe(true);
    expect(resolveConfig({ dpop: '1' }, { dpop: false }).dpop).toBe(false);
    expect(resolveConfig({ dpop: '0' }, { dpop: true }).dpop).toBe(true);
  });

  it('reads the BFF switch like the DPoP one, off by default', () => {
    expect(resolveConfig().bff).toBe(false);
    expect(resolveConfig({ bff: '1' }).bff).toBe(true);
    expect(resolveConfig({ bff: '1' }, { bff: false }).bff).toBe(false);
    expect(resolveConfig({ bff: '' }, { bff: 'true' }).bff).toBe(true);
  });

  it('keeps a path in the authority (Keycloak realms) but reduces the API to its origin', () => {
    const config = resolveConfig({
      authority: 'https://idp.example/realms/bank/',
      apiUrl: 'https://api.example/v1',
    });
    expect(config.authority).toBe('https://idp.example/realms/bank');
    expect(config.apiUrl).toBe('https://api.example');
  });

  it.each([
    [{ apiUrl: 'javascript:alert(1)' }, 'apiUrl'],
    [{ authority: 'not a url' }, 'authority'],
    [{ storage: 'cookie' }, 'storage'],
    [{ refreshBeforeExpirySeconds: -1 }, 'refreshBeforeExpirySeconds'],
    [{ idleTimeoutSeconds: 'soon' }, 'idleTimeoutSeconds'],
    [{ dpop: 'yes' }, 'dpop'],
    [{ bff: 'on' }, 'bff'],
    [{ colour: 'teal' }, 'colour'],
  ])('refuses %j, naming %s', (layer, key) => {
    expect(() => resolveConfig(layer)).toThrowError(DashboardConfigError);
    try {
      resolveConfig(layer);
    } catch (error) {
      expect((error as DashboardConfigError).key).toBe(key);
    }
  });
});

describe('configScript', () => {
  it('assigns the config to the global and cannot close a script element', () => {
    const script = configScript({ authority: 'http://127.0.0.1:4000/</script><script>x' });
    expect(script).toMatch(/^window\.__SESAME_BANK_CONFIG__ = \{/);
    expect(script).not.toContain('</script>');
    const window: Record<string, unknown> = {};
    new Function('window', script)(window);
    expect(window.__SESAME_BANK_CONFIG__).toEqual({
      authority: 'http://127.0.0.1:4000/</script><script>x',
    });
  });
});
