import { useRef, type KeyboardEvent, type ReactNode } from 'react';

/** One tab of {@link Tabs}: its label and what its panel shows. */
export interface TabDefinition {
  readonly id: string;
  readonly label: string;
  readonly render: () => ReactNode;
}

/**
 * The WAI-ARIA tabs pattern: a `tablist` whose arrow keys, Home and End move the selection (and
 * the focus) between tabs; only the selected tab is in the Tab order, and its panel follows it.
 */
export function Tabs(props: {
  label: string;
  tabs: readonly TabDefinition[];
  selected: string;
  onSelect: (id: string) => void;
  idPrefix: string;
  children?: ReactNode;
}) {
  const { tabs, selected, onSelect, idPrefix } = props;
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const current = tabs.find((tab) => tab.id === selected) ?? tabs[0]!;

  function onKeyDown(event: KeyboardEvent) {
    const index = tabs.indexOf(current);
    const next =
      event.key === 'ArrowRight'
        ? (index + 1) % tabs.length
        : event.key === 'ArrowLeft'
          ? (index - 1 + tabs.length) % tabs.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? tabs.length - 1
              : -1;
    if (next < 0) return;
    event.preventDefault();
    const tab = tabs[next]!;
    onSelect(tab.id);
    buttons.current.get(tab.id)?.focus();
  }

  return (
    <>
      <div className="bar">
        <div role="tablist" aria-label={props.label} onKeyDown={onKeyDown}>
          {tabs.map((tab) => (
            <button
              key={tab.id}
              ref={(element) => {
                if (element) buttons.current.set(tab.id, element);
                else buttons.current.delete(tab.id);
              }}
              type="button"
              role="tab"
              id={`${idPrefix}-tab-${tab.id}`}
              aria-selected={tab === current}
              aria-controls={`${idPrefix}-panel-${tab.id}`}
              tabIndex={tab === current ? 0 : -1}
              onClick={() => onSelect(tab.id)}
            >
              {tab.label}
            </button>
          ))}
        </div>
        <span className="spacer" />
        {props.children}
      </div>
      <div
        role="tabpanel"
        id={`${idPrefix}-panel-${current.id}`}
        aria-labelledby={`${idPrefix}-tab-${current.id}`}
        tabIndex={0}
      >
        {current.render()}
      </div>
    </>
  );
}
