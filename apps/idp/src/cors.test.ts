import { describe, expect, it } from 'vitest';
import { DASHBOARD_CLIENT_ID } from './constants';
import { startTestIdp } from './test-support';

describe('CORS', async () => {
  const { metadata } = await startTestIdp();

  const refreshFrom = (origin: string) =>
    fetch(metadata.token_endpoint, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: 'unknown',
        client_id: DASHBOARD_CLIENT_ID,
      }),
    });

  it('lets the dashboard origins call the token endpoint', async () => {
    for (const origin of ['http://127.0.0.1:5173', 'http://localhost:5173']) {
      const response = await refreshFrom(origin);
      expect(response.headers.get('access-control-allow-origin'), origin).toBe(origin);
    }
  });

  it('does not let another origin read token responses', async () => {
    const response = await refreshFrom('http://127.0.0.1:5174');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers the preflight of the token endpoint', async () => {
    const response = await fetch(metadata.token_endpoint, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://127.0.0.1:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('serves discovery and JWKS to any origin (public documents)', async () => {
    const response = await fetch(metadata.jwks_uri, {
      headers: { origin: 'http://elsewhere.test' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBe('http://elsewhere.test');
  });
});
