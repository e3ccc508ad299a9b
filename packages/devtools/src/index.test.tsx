import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEVTOOLS_MARKER } from './marker';
import { createFakeClient } from './test-client';

afterEach(() => {
  cleanup();
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('the entries', () => {
  it("@sesame/devtools renders nothing when NODE_ENV is 'production'", async () => {
    vi.stubEnv('NODE_ENV', 'production');
    vi.resetModules();
    const { SesameDevtools } = await import('./index');
    const { container } = render(<SesameDevtools client={createFakeClient().client} />);
    expect(container.innerHTML).toBe('');
    expect(document.querySelector(`[${DEVTOOLS_MARKER}]`)).toBeNull();
  });

  it('@sesame/devtools renders the button otherwise (development, tests)', async () => {
    vi.stubEnv('NODE_ENV', 'development');
    vi.resetModules();
    const { SesameDevtools } = await import('./index');
    render(<SesameDevtools client={createFakeClient().client} />);
    expect(document.querySelector(`[${DEVTOOLS_MARKER}]`)?.shadowRoot?.textContent).toContain(
      'Sesame',
    );
  });

  it("@sesame/devtools/production renders it even when NODE_ENV is 'production'", async () => {
    vi.stubEnv('NODE_ENV', 'production');
    vi.resetModules();
    const { SesameDevtools } = await import('./production');
    render(<SesameDevtools client={createFakeClient().client} />);
    expect(document.querySelector(`[${DEVTOOLS_MARKER}]`)).not.toBeNull();
  });
});
