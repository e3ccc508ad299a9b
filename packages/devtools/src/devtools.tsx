import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import type { AuthClient } from '@sesame/core';
import { useAuthClient } from '@sesame/react';
import { createEventLog, type EventLog } from './event-log';
import { ShadowHost } from './shadow-host';
import { STYLES } from './styles';
import type { Theme } from './theme';

// The panel's code is fetched the first time someone opens it: pages pay only for the button.
const Panel = lazy(() => import('./panel'));

/** Props of {@link SesameDevtools}. */
export interface SesameDevtoolsProps {
  /** The client to inspect. Default: the one of the nearest `<AuthProvider>`. */
  client?: AuthClient;
  /** Open the panel at once (default: only the button shows). */
  initialOpen?: boolean;
  /** The colours: `'system'` (default, `prefers-color-scheme`), `'light'` or `'dark'`. */
  theme?: Theme;
}

/**
 * Sesame's devtools: a floating button that opens a panel with the session, a timeline of every
 * decision, the requests and the settings, and actions to try a refresh or a 401 by hand. Rendered
 * in a shadow root, so it neither takes nor gives CSS. From `@sesame/devtools` it renders nothing in
 * a production build (`process.env.NODE_ENV === 'production'`); `@sesame/devtools/production`
 * renders it there too.
 */
export function SesameDevtools({ client, ...options }: SesameDevtoolsProps) {
  return client ? <Devtools client={client} {...options} /> : <ProvidedDevtools {...options} />;
}

function ProvidedDevtools(options: Omit<SesameDevtoolsProps, 'client'>) {
  return <Devtools client={useAuthClient()} {...options} />;
}

function Devtools({
  client,
  initialOpen = false,
  theme: initialTheme = 'system',
}: SesameDevtoolsProps & { client: AuthClient }) {
  const [open, setOpen] = useState(initialOpen);
  const [theme, setTheme] = useState(initialTheme);
  const [log, setLog] = useState<EventLog | null>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(open);

  // Recording starts with the page, not with the first opening, so the timeline has the whole story.
  useEffect(() => {
    const created = createEventLog(client);
    setLog(created);
    return () => created.dispose();
  }, [client]);

  // Closing gives the focus back to the button that opened the panel.
  useEffect(() => {
    if (wasOpen.current && !open) toggle.current?.focus();
    wasOpen.current = open;
  }, [open]);

  return (
    <ShadowHost css={STYLES}>
      <div className="root" data-theme={theme}>
        {!open && (
          <button
            ref={toggle}
            type="button"
            className="toggle"
            aria-expanded={false}
            aria-label="Open Sesame devtools"
            onClick={() => setOpen(true)}
          >
            Sesame
          </button>
        )}
        {open && log && (
          <Suspense fallback={<p className="panel">Loading Sesame devtools…</p>}>
            <Panel
              client={client}
              log={log}
              theme={theme}
              onTheme={setTheme}
              onClose={() => setOpen(false)}
            />
          </Suspense>
        )}
      </div>
    </ShadowHost>
  );
}
