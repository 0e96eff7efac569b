/** The project's willingness to pay per extra passed run: a better-quality option priced within it becomes a card. */
import { useState } from 'react';
import { useProjectStore } from '../../store/project-store';
import { useSettingsStore } from '../../store/settings-store';

export function WillingnessToPay({ projectId }: { projectId: string }) {
  const current = useSettingsStore((s) => s.settings?.recommendation_settings?.willingness_to_pay_usd[projectId] ?? null);
  const update = useSettingsStore((s) => s.update);
  const [text, setText] = useState(current == null ? '' : String(current));
  const value = text.trim() === '' ? null : Number(text);
  const invalid = value != null && !(Number.isFinite(value) && value >= 0);
  const save = async (v: number | null) => {
    await update({ recommendation_settings: { willingness_to_pay_usd: { [projectId]: v } } }, v == null ? 'Willingness to pay cleared' : 'Willingness to pay saved');
    await useProjectStore.getState().refresh(['recs', 'profile']);
  };
  return (
    <form
      className="wtp-form small"
      data-testid="wtp-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!invalid) void save(value);
      }}
    >
      <label>
        Pay up to $
        <input
          className="input input-small num"
          inputMode="decimal"
          aria-label="Willingness to pay per extra passed run, in dollars"
          aria-invalid={invalid}
          value={text}
          placeholder="not set"
          onChange={(e) => setText(e.target.value)}
          data-testid="wtp-input"
        />{' '}
        per extra passed run: a better-quality option priced within it is recommended.
      </label>{' '}
      <button type="submit" className="btn btn-small" disabled={invalid} data-testid="wtp-save">
        Save
      </button>
    </form>
  );
}
