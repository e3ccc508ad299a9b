import { html } from './html';
import { layout } from './layout';
import { describeScope, orderScopes } from './scope-descriptions';

/** Marks the forms so test helpers (and people reading the HTML) can tell the pages apart. */
export const FORM_MARKER = 'data-sesame-form';

export interface LoginPageOptions {
  nonce: string;
  uid: string;
  clientName: string;
  /** Pre-filled user ID: the `login_hint`, or what was typed before a failed attempt. */
  login?: string | undefined;
  /** Set after a failed attempt. Never says which of the two fields was wrong. */
  failed?: boolean;
  /** Shown on the page so the demo can be used without reading the docs. */
  demoLogins?: readonly string[];
}

export function loginPage(options: LoginPageOptions): string {
  const { nonce, uid, clientName, login, failed = false, demoLogins = [] } = options;
  const base = `/interaction/${encodeURIComponent(uid)}`;
  const error = failed
    ? html`<div class="alert" role="alert" id="login-error">
        The user ID or password you entered is not correct. Please try again.
      </div>`
    : '';
  const describedBy = failed ? html` aria-describedby="login-error" aria-invalid="true"` : '';
  const demo =
    demoLogins.length > 0
      ? html`<p class="fine">
          Demo customers: ${demoLogins.join(', ')} (password <span class="code">sesame</span>).
        </p>`
      : '';
  return layout({
    title: 'Sign in',
    nonce,
    body: html`<h1>Sign in to online banking</h1>
      <p class="lead">to continue to <span class="client">${clientName}</span></p>
      ${error}
      <form method="post" action="${base}/login" data-sesame-form="login" novalidate>
        <label for="login">User ID</label>
        <input
          id="login"
          name="login"
          type="text"
          autocomplete="username"
          autocapitalize="none"
          spellcheck="false"
          required
          value="${login ?? ''}"
          ${describedBy}${login ? '' : html` autofocus`}
        />
        <label for="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          required${describedBy}${login ? html` autofocus` : ''}
        />
        <div class="actions">
          <button class="primary" type="submit">Sign in</button>
        </div>
      </form>
      <form method="post" action="${base}/abort" data-sesame-form="abort">
        <div class="actions">
          <button class="secondary" type="submit">Cancel and return to ${clientName}</button>
        </div>
      </form>
      ${demo}
      <p class="fine">Sesame Bank will never ask for your password by email or phone.</p>`,
  });
}

export interface ConsentPageOptions {
  nonce: string;
  uid: string;
  clientName: string;
  userName: string;
  /** Every scope the app asks for that the customer has not agreed to yet. */
  scopes: readonly string[];
}

export function consentPage({
  nonce,
  uid,
  clientName,
  userName,
  scopes,
}: ConsentPageOptions): string {
  const base = `/interaction/${encodeURIComponent(uid)}`;
  const items = orderScopes(scopes).map(
    (scope) => html`<li data-scope="${scope}">${describeScope(scope)}</li>`,
  );
  return layout({
    title: 'Allow access',
    nonce,
    body: html`<h1>Allow ${clientName} to access your banking?</h1>
      <p class="lead">Signed in as <strong>${userName}</strong>. ${clientName} is asking to:</p>
      <ul class="scopes">
        ${items}
      </ul>
      <form method="post" action="${base}/confirm" data-sesame-form="consent">
        <div class="actions"><button class="primary" type="submit" autofocus>Allow</button></div>
      </form>
      <form method="post" action="${base}/abort" data-sesame-form="abort">
        <div class="actions"><button class="secondary" type="submit">Cancel</button></div>
      </form>
      <p class="fine">You can withdraw this permission at any time by contacting Sesame Bank.</p>`,
  });
}
