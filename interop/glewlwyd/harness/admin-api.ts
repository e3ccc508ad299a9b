// A small client for Glewlwyd's admin REST API (/api/...), authenticated with the admin's session
// cookie the way the admin web app is. Every non-2xx answer throws with the body Glewlwyd sent.

/** The admin user that Glewlwyd's SQLite schema creates. */
export const DEFAULT_ADMIN = { username: 'admin', password: 'password' } as const;

export class GlewlwydAdmin {
  readonly #url: string;
  readonly #cookie: string;

  private constructor(url: string, cookie: string) {
    this.#url = url;
    this.#cookie = cookie;
  }

  /** Signs in as the admin (`POST /api/auth/`) and keeps the session cookie. */
  static async signIn(url: string, admin = DEFAULT_ADMIN): Promise<GlewlwydAdmin> {
    const response = await fetch(`${url}/api/auth/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(admin),
    });
    const cookie = response.headers
      .getSetCookie()
      .map((line) => line.split(';')[0])
      .join('; ');
    if (!response.ok || cookie === '') {
      throw new Error(`Glewlwyd admin sign-in answered ${response.status}`);
    }
    return new GlewlwydAdmin(url, cookie);
  }

  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.#url}/api${path}`, {
      method,
      headers: {
        cookie: this.#cookie,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`Glewlwyd ${method} /api${path} answered ${response.status}: ${text}`);
    }
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  get<T = unknown>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }
  post(path: string, body: unknown): Promise<unknown> {
    return this.request('POST', path, body);
  }
  put(path: string, body?: unknown): Promise<unknown> {
    return this.request('PUT', path, body);
  }
}
