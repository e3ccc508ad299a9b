import { useLayoutEffect, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { DEVTOOLS_MARKER } from './marker';

/**
 * `css` as the shadow root's own stylesheet. A constructed stylesheet where the browser has them:
 * a Content-Security-Policy without `style-src 'unsafe-inline'` (the demo's) blocks a `<style>`
 * element but not a constructed sheet. Elsewhere (jsdom) a `<style>` element.
 */
function adoptStyles(root: ShadowRoot, css: string) {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet.prototype.replaceSync === 'function') {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
    return;
  }
  const style = document.createElement('style');
  style.textContent = css;
  root.append(style);
}

/**
 * Renders `children` into the shadow root of a host element appended to `<body>`, styled by `css`
 * alone: the app's CSS cannot restyle the panel and the panel's CSS cannot leak into the app. The
 * host is removed on unmount.
 */
export function ShadowHost({ css, children }: { css: string; children: ReactNode }) {
  const [root, setRoot] = useState<ShadowRoot | null>(null);
  useLayoutEffect(() => {
    const host = document.createElement('div');
    host.setAttribute(DEVTOOLS_MARKER, '');
    document.body.append(host);
    const shadow = host.attachShadow({ mode: 'open' });
    adoptStyles(shadow, css);
    setRoot(shadow);
    return () => host.remove();
  }, [css]);
  return root ? createPortal(children, root) : null;
}
