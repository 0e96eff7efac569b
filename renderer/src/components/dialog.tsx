/**
 * Modal dialog and side drawer on the native <dialog> element: it traps focus, makes the page
 * behind inert, and closes on Escape without any library.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { Icon } from './icon';

/** A modal dialog; `open` drives showModal()/close(). */
export function Dialog({
  open,
  onClose,
  title,
  children,
  footer,
  variant = 'modal',
  testId,
  wide,
}: {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
  variant?: 'modal' | 'drawer';
  testId?: string;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  // Where focus was when the dialog opened: it goes back there on close, also when the dialog
  // unmounts while open (the run drawer closes by navigation), which <dialog> alone does not do.
  const returnTo = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    const restore = () => {
      const target = returnTo.current;
      returnTo.current = null;
      if (target?.isConnected) target.focus({ preventScroll: true });
    };
    if (open && !d.open) {
      returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      d.showModal();
    }
    if (!open && d.open) {
      d.close();
      restore();
    }
    return () => {
      // Unmounted while open: the element has left the document.
      if (open && !d.isConnected) restore();
    };
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={`dialog dialog-${variant} ${wide ? 'dialog-wide' : ''}`}
      data-testid={testId}
      aria-labelledby={testId ? `${testId}-title` : undefined}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        // A click on the backdrop (the dialog element itself, outside its box) closes it.
        if (e.target === ref.current) onClose();
      }}
    >
      {open ? (
        <div className="dialog-box">
          <header className="dialog-header">
            <h2 id={testId ? `${testId}-title` : undefined}>{title}</h2>
            <button type="button" className="icon-btn" aria-label="Close" onClick={onClose}>
              <Icon name="close" />
            </button>
          </header>
          <div className="dialog-body">{children}</div>
          {footer ? <footer className="dialog-footer">{footer}</footer> : null}
        </div>
      ) : null}
    </dialog>
  );
}
