import { useLayoutEffect, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { DEVTOOLS_MARKER } from './marker';

/**
 * Renders `children` into the shadow root of a host element appended to `<body>`, so the app's CSS
 * cannot restyle the panel and the panel's CSS cannot leak into the app. The host is removed on unmount.
 */
export function ShadowHost({ children }: { children: ReactNode }) {
  const [root, setRoot] = useState<ShadowRoot | null>(null);
  useLayoutEffect(() => {
    const host = document.createElement('div');
    host.setAttribute(DEVTOOLS_MARKER, '');
    document.body.append(host);
    setRoot(host.attachShadow({ mode: 'open' }));
    return () => host.remove();
  }, []);
  return root ? createPortal(children, root) : null;
}
