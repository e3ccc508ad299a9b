import { start, type RunningBankApi } from '../server.js';
import type { BankApiOptions } from '../options.js';
import { startFakeIssuer, type FakeIssuer } from './fake-issuer.js';

export interface Harness {
  readonly idp: FakeIssuer;
  readonly api: RunningBankApi;
  /** Every token a test sent, so the leak check can look for each one. */
  readonly sentTokens: Set<string>;
  call(
    path: string,
    init?: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> },
    // Tests read response bodies ad hoc (`body.items[0].id`); typing each shape would add nothing.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ): Promise<{ status: number; headers: Headers; body: any }>;
  stop(): Promise<void>;
}

/** The bank API in front of a fake issuer, both on 127.0.0.1 with port 0. */
export async function startHarness(options: Partial<BankApiOptions> = {}): Promise<Harness> {
  const idp = await startFakeIssuer();
  const api = await start({ port: 0, issuer: idp.issuer, anchorDate: '2025-03-15', ...options });
  const sentTokens = new Set<string>();
  return {
    idp,
    api,
    sentTokens,
    async call(path, init = {}) {
      const headers: Record<string, string> = { ...init.headers };
      if (init.token !== undefined) {
        sentTokens.add(init.token);
        headers.authorization = `Bearer ${init.token}`;
      }
      let body: string | undefined;
      if (init.body !== undefined) {
        body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(`${api.url}${path}`, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers,
        ...(body === undefined ? {} : { body }),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        // Not JSON: keep the text.
      }
      return { status: response.status, headers: response.headers, body: parsed };
    },
    async stop() {
      await api.stop();
      await idp.stop();
    },
  };
}
