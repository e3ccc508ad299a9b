import { html, SafeHtml } from './html';
import { layout } from './layout';

export interface ErrorPageOptions {
  nonce: string;
  /** OAuth error code, shown as a reference and marked with `data-oauth-error` for test helpers. */
  error: string;
  /** oidc-provider's description; it never contains a token or a password. */
  description?: string | undefined;
}

const HEADLINES: Record<string, { title: string; text: string }> = {
  invalid_redirect_uri: {
    title: 'We could not start your sign-in',
    text: 'The app that sent you here gave an address Sesame Bank does not know, so we did not send you back to it. Return to the app and try again.',
  },
  invalid_client: {
    title: 'We could not start your sign-in',
    text: 'The app that sent you here is not known to Sesame Bank.',
  },
  session_expired: {
    title: 'Your sign-in session has expired',
    text: 'For your security, sign-in pages time out. Return to the app and start again.',
  },
};

const FALLBACK = {
  title: 'Something went wrong',
  text: 'Sesame Bank could not complete this request. Return to the app and try again.',
};

export function errorPage({ nonce, error, description }: ErrorPageOptions): string {
  const { title, text } = HEADLINES[error] ?? FALLBACK;
  return layout({
    title,
    nonce,
    body: html`<h1>${title}</h1>
      <p class="lead">${text}</p>
      <p class="fine">
        Reference: <span class="code" data-oauth-error="${error}">${error}</span>${
          description ? html`<br /><span class="code">${description}</span>` : ''
        }
      </p>`,
  });
}

export interface LogoutPageOptions {
  nonce: string;
  /** oidc-provider's hidden form (`id="op.logoutForm"`, carrying its CSRF token). */
  form: string;
  clientName: string | undefined;
  /**
   * Submit without asking: the app proved who is signing out with an `id_token_hint` for the current
   * customer, so a confirmation page would only add a click.
   */
  autoSubmit: boolean;
}

export function logoutPage({ nonce, form, clientName, autoSubmit }: LogoutPageOptions): string {
  const script = autoSubmit
    ? `var f=document.getElementById('op.logoutForm');var i=document.createElement('input');` +
      `i.type='hidden';i.name='logout';i.value='yes';f.appendChild(i);f.submit();`
    : undefined;
  const onlyClient = clientName
    ? html`<button class="secondary" type="submit" form="op.logoutForm">
        Sign out of ${clientName} only
      </button>`
    : '';
  return layout({
    title: 'Sign out',
    nonce,
    ...(script === undefined ? {} : { script }),
    body: html`<h1>${autoSubmit ? 'Signing you out…' : 'Sign out of Sesame Bank?'}</h1>
      <p class="lead">
        ${
          autoSubmit
            ? 'One moment while we end your session.'
            : 'You will need your user ID and password to sign in again.'
        }
      </p>
      ${new SafeHtml(form)}
      <div class="actions">
        <button
          class="primary"
          type="submit"
          form="op.logoutForm"
          name="logout"
          value="yes"
          autofocus
        >
          Sign out
        </button>
        ${onlyClient}
      </div>`,
  });
}

export function signedOutPage({ nonce }: { nonce: string }): string {
  return layout({
    title: 'Signed out',
    nonce,
    body: html`<h1 data-sesame-page="signed-out">You have signed out</h1>
      <p class="lead">Your Sesame Bank session has ended.</p>
      <p class="fine">If you are using a shared computer, close your browser to finish.</p>`,
  });
}
