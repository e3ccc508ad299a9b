// The panel itself: loaded only when the devtools are first opened (React.lazy in devtools.tsx).
import { useEffect, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import type { AuthClient } from '@sesame/core';
import { Actions } from './actions';
import type { EventLog } from './event-log';
import { RequestsPanel } from './requests-panel';
import { SessionPanel } from './session-panel';
import { SettingsPanel } from './settings-panel';
import { Tabs, type TabDefinition } from './tabs';
import { TimelinePanel } from './timeline-panel';
import type { Theme } from './theme';

/** What the floating shell hands the panel. */
export interface PanelProps {
  client: AuthClient;
  log: EventLog;
  theme: Theme;
  onTheme: (theme: Theme) => void;
  onClose: () => void;
}

/** The open devtools: a labelled region with the four tabs, the actions and a theme switch. */
export default function Panel({ client, log, theme, onTheme, onClose }: PanelProps) {
  const [selected, setSelected] = useState('session');
  const events = useSyncExternalStore(log.subscribe, log.getSnapshot, log.getSnapshot);
  const region = useRef<HTMLElement>(null);

  // Opening moves the focus into the panel, to the selected tab (the tablist's entry point).
  useEffect(() => {
    region.current?.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')?.focus();
  }, []);

  const tabs: TabDefinition[] = [
    { id: 'session', label: 'Session', render: () => <SessionPanel client={client} /> },
    {
      id: 'timeline',
      label: 'Timeline',
      render: () => <TimelinePanel events={events} onClear={log.clear} />,
    },
    {
      id: 'requests',
      label: 'Requests',
      render: () => <RequestsPanel client={client} events={events} />,
    },
    { id: 'settings', label: 'Settings', render: () => <SettingsPanel client={client} /> },
  ];

  function onKeyDown(event: KeyboardEvent) {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    onClose();
  }

  return (
    <section ref={region} className="panel" aria-label="Sesame devtools" onKeyDown={onKeyDown}>
      <Tabs
        label="Sesame devtools"
        tabs={tabs}
        selected={selected}
        onSelect={setSelected}
        idPrefix="sesame-devtools"
      >
        <label>
          Theme{' '}
          <select value={theme} onChange={(event) => onTheme(event.target.value as Theme)}>
            <option value="system">system</option>
            <option value="light">light</option>
            <option value="dark">dark</option>
          </select>
        </label>
        <button type="button" onClick={onClose} aria-label="Close Sesame devtools">
          Close
        </button>
      </Tabs>
      <div className="actions-row">
        <Actions client={client} />
      </div>
    </section>
  );
}
