/**
 * A day field that is one Tab stop: a text box for YYYY-MM-DD (Chromium's <input type="date">
 * makes month, day, year and its button separate stops). The native calendar stays reachable:
 * the calendar button (mouse) or Alt+ArrowDown in the box opens it.
 */
import { useRef, useState } from 'react';
import { Icon } from './icon';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day in YYYY-MM-DD, or null. */
export function parseDay(text: string): string | null {
  const m = DAY.exec(text.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d ? m[0] : null;
}

/** `value` and `onChange` carry YYYY-MM-DD, or '' for no day. */
export function DateField({ value, onChange, label, testId }: { value: string; onChange: (day: string) => void; label: string; testId?: string }) {
  const [draft, setDraft] = useState(value);
  const [shown, setShown] = useState(value);
  const picker = useRef<HTMLInputElement>(null);
  // A new value from outside (filters cleared, another tab) replaces what is typed.
  if (value !== shown) {
    setShown(value);
    setDraft(value);
  }
  const invalid = draft.trim() !== '' && parseDay(draft) == null;

  const commit = () => {
    const text = draft.trim();
    if (text === '') {
      if (value !== '') onChange('');
      return;
    }
    const day = parseDay(text);
    if (day && day !== value) onChange(day);
  };
  const openPicker = () => {
    try {
      picker.current?.showPicker();
    } catch {
      // showPicker needs a user gesture and a supporting browser; typing still works.
    }
  };

  return (
    <span className="date-field">
      <input
        type="text"
        className="input date-text"
        inputMode="numeric"
        placeholder="YYYY-MM-DD"
        aria-label={label}
        aria-invalid={invalid || undefined}
        title={invalid ? 'A day as YYYY-MM-DD, e.g. 2025-03-01' : undefined}
        value={draft}
        maxLength={10}
        data-testid={testId}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          else if (e.key === 'Escape' && draft !== value) {
            e.preventDefault();
            setDraft(value);
          } else if (e.key === 'ArrowDown' && e.altKey) {
            e.preventDefault();
            openPicker();
          }
        }}
      />
      <button type="button" className="icon-btn date-pick" tabIndex={-1} aria-hidden="true" onClick={openPicker}>
        <Icon name="calendar" size={14} />
      </button>
      <input
        ref={picker}
        type="date"
        className="date-native"
        tabIndex={-1}
        aria-hidden="true"
        value={parseDay(draft) ?? ''}
        onChange={(e) => {
          setDraft(e.target.value);
          onChange(e.target.value);
        }}
      />
    </span>
  );
}
