import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import { useIdleTimeout } from '@sesame/react';

/**
 * "You will be signed out in N s — stay signed in?", shown in every tab while the idle warning runs.
 * An alert dialog: focus moves to "Stay signed in" when it opens (and back where it was when it
 * closes), Tab stays inside, Escape counts as staying. The countdown itself is not a live region:
 * announcing every second would drown a screen reader; the dialog's description is read on opening.
 */
export function IdleWarningDialog({ onSignOut }: { onSignOut: () => void }) {
  const { warning, secondsLeft, staySignedIn } = useIdleTimeout();
  const stay = useRef<HTMLButtonElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const textId = useId();

  useEffect(() => {
    if (!warning) return;
    const before = document.activeElement as HTMLElement | null;
    stay.current?.focus();
    return () => before?.focus?.();
  }, [warning]);

  if (!warning) return null;

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      staySignedIn();
    } else if (event.key === 'Tab') {
      const buttons = [...(dialog.current?.querySelectorAll('button') ?? [])];
      const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
      const next = (index + (event.shiftKey ? -1 : 1) + buttons.length) % buttons.length;
      event.preventDefault();
      buttons[next]?.focus();
    }
  };

  return (
    <div className="dialog-backdrop">
      <div
        ref={dialog}
        className="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={textId}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId} className="dialog__title">
          Are you still there?
        </h2>
        <p id={textId}>
          For your security you will be signed out in{' '}
          <strong data-testid="idle-seconds-left">{secondsLeft}</strong> s.
        </p>
        <div className="dialog__actions">
          <button
            ref={stay}
            type="button"
            className="button button--primary"
            onClick={staySignedIn}
          >
            Stay signed in
          </button>
          <button type="button" className="button button--secondary" onClick={onSignOut}>
            Sign out now
          </button>
        </div>
      </div>
    </div>
  );
}
