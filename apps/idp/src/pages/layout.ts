import { html, SafeHtml } from './html';

// System fonts only: the pages load nothing from outside the IdP.
const STYLES = `
:root {
  --brand: #0b4f45; --brand-dark: #073a33; --brand-tint: #e6f2ef; --ink: #1c2a28; --muted: #5b6b68;
  --line: #d5dedc; --danger: #a4262c; --danger-tint: #fdeeee; --focus: #f2a900; --page: #f3f6f5;
}
* { box-sizing: border-box; }
html { font-size: 100%; }
body {
  margin: 0; min-height: 100vh; display: flex; flex-direction: column; background: var(--page);
  color: var(--ink); font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
header.bank { background: var(--brand); color: #fff; padding: 0.9rem 1.5rem; }
header.bank .brand { display: flex; align-items: center; gap: 0.6rem; font-weight: 650; font-size: 1.15rem; letter-spacing: 0.01em; }
header.bank svg { flex: none; }
main { flex: 1; display: flex; justify-content: center; align-items: flex-start; padding: 3rem 1rem; }
.card {
  width: 100%; max-width: 26rem; background: #fff; border: 1px solid var(--line); border-radius: 0.75rem;
  padding: 2rem; box-shadow: 0 1px 2px rgba(16, 40, 36, 0.06), 0 8px 24px rgba(16, 40, 36, 0.06);
}
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0 0 0.35rem; }
p.lead { color: var(--muted); margin: 0 0 1.5rem; }
label { display: block; font-weight: 600; margin: 1rem 0 0.35rem; }
input[type="text"], input[type="password"] {
  width: 100%; padding: 0.7rem 0.8rem; font: inherit; color: inherit; border: 1px solid #8fa19d;
  border-radius: 0.45rem; background: #fff;
}
input:focus-visible, button:focus-visible, a:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.actions { display: flex; flex-direction: column; gap: 0.6rem; margin-top: 1.6rem; }
button {
  font: inherit; font-weight: 600; border-radius: 0.45rem; padding: 0.75rem 1rem; cursor: pointer;
  border: 1px solid var(--brand); width: 100%;
}
button.primary { background: var(--brand); color: #fff; }
button.primary:hover { background: var(--brand-dark); }
button.secondary { background: #fff; color: var(--brand); }
button.secondary:hover { background: var(--brand-tint); }
.alert {
  border: 1px solid var(--danger); background: var(--danger-tint); color: var(--danger);
  border-radius: 0.45rem; padding: 0.75rem 0.9rem; margin: 0 0 1rem;
}
.client { font-weight: 650; color: var(--ink); }
ul.scopes { list-style: none; padding: 0; margin: 1rem 0 0; border-top: 1px solid var(--line); }
ul.scopes li { padding: 0.7rem 0 0.7rem 1.9rem; border-bottom: 1px solid var(--line); position: relative; }
ul.scopes li::before {
  content: ""; position: absolute; left: 0.35rem; top: 1.05rem; width: 0.7rem; height: 0.4rem;
  border-left: 2px solid var(--brand); border-bottom: 2px solid var(--brand); transform: rotate(-45deg);
}
.fine { color: var(--muted); font-size: 0.875rem; margin-top: 1.25rem; }
.code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.85rem; }
footer.bank { color: var(--muted); font-size: 0.8rem; text-align: center; padding: 1.5rem 1rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

// The Sesame Bank mark: a keyhole in a rounded shield, drawn inline so no image is fetched.
const LOGO = html`<svg
  width="30"
  height="30"
  viewBox="0 0 32 32"
  aria-hidden="true"
  focusable="false"
>
  <rect x="2" y="2" width="28" height="28" rx="8" fill="#ffffff" />
  <circle cx="16" cy="13" r="4.5" fill="#0b4f45" />
  <path d="M13.6 15.5h4.8l1.6 8.5h-8z" fill="#0b4f45" />
</svg>`;

export interface LayoutOptions {
  title: string;
  nonce: string;
  body: SafeHtml;
  /** An inline script, allowed by the page's CSP nonce. */
  script?: string;
}

/** The frame every page shares: bank header, one centred card, footer. */
export function layout({ title, nonce, body, script }: LayoutOptions): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${title} · Sesame Bank</title>
        <style nonce="${nonce}">
          ${new SafeHtml(STYLES)}
        </style>
      </head>
      <body>
        <header class="bank">
          <div class="brand">${LOGO}<span>Sesame Bank</span></div>
        </header>
        <main><div class="card">${body}</div></main>
        <footer class="bank">Sesame Bank demo identity provider · runs on your machine only</footer>
        ${
          script === undefined
            ? ''
            : html`<script nonce="${nonce}">
                ${new SafeHtml(script)};
              </script>`
        }
      </body>
    </html>`.value;
}
