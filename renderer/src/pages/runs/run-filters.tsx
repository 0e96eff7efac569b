/** Filter bar of the runs table: facets from the server, QA outcome, and a local-date range. */
import { DateField } from '../../components/date-field';
import { formatCount } from '../../lib/format';
import { useRunsStore, type RunFilters } from '../../store/runs-store';

/** "2025-03-01" (local day) → ISO instant of its start or end. */
function dayToIso(day: string, end: boolean): string | undefined {
  if (!day) return undefined;
  const [y, m, d] = day.split('-').map(Number);
  const t = end ? new Date(y, m - 1, d, 23, 59, 59, 999) : new Date(y, m - 1, d, 0, 0, 0, 0);
  return Number.isNaN(t.getTime()) ? undefined : t.toISOString();
}

/** ISO instant → its local day, YYYY-MM-DD. */
function isoToDay(iso: string | undefined): string {
  if (!iso) return '';
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${t.getFullYear()}-${p(t.getMonth() + 1)}-${p(t.getDate())}`;
}

function Select({ id, label, value, options, onChange }: { id: keyof RunFilters; label: string; value: string | undefined; options: string[]; onChange: (v: string | undefined) => void }) {
  return (
    <label className="filter">
      <span className="filter-label">{label}</span>
      <select className="input select" value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)} data-testid={`filter-${id}`}>
        <option value="">All</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}

export function RunFiltersBar() {
  const filters = useRunsStore((s) => s.filters);
  const facets = useRunsStore((s) => s.facets);
  const total = useRunsStore((s) => s.total);
  const setFilters = useRunsStore((s) => s.setFilters);
  const clear = useRunsStore((s) => s.clearFilters);
  const active = Object.values(filters).some(Boolean);
  return (
    <div className="filters" role="search" aria-label="Filter runs">
      <Select id="mode" label="Mode" value={filters.mode} options={facets?.mode ?? []} onChange={(v) => setFilters({ mode: v })} />
      <Select id="prompt_strategy" label="Strategy" value={filters.prompt_strategy} options={facets?.prompt_strategy ?? []} onChange={(v) => setFilters({ prompt_strategy: v })} />
      <Select id="model" label="Model" value={filters.model} options={facets?.model ?? []} onChange={(v) => setFilters({ model: v })} />
      <Select id="status" label="Status" value={filters.status} options={facets?.status ?? []} onChange={(v) => setFilters({ status: v })} />
      <label className="filter">
        <span className="filter-label">QA</span>
        <select
          className="input select"
          value={filters.qa_status ?? ''}
          onChange={(e) => setFilters({ qa_status: (e.target.value || undefined) as RunFilters['qa_status'] })}
          data-testid="filter-qa_status"
        >
          <option value="">All</option>
          <option value="passed">passed</option>
          <option value="warning">warning</option>
          <option value="failed">failed</option>
        </select>
      </label>
      <div className="filter">
        <span className="filter-label" aria-hidden="true">From</span>
        <DateField label="From day" value={isoToDay(filters.from)} onChange={(day) => setFilters({ from: dayToIso(day, false) })} testId="filter-from" />
      </div>
      <div className="filter">
        <span className="filter-label" aria-hidden="true">To</span>
        <DateField label="To day" value={isoToDay(filters.to)} onChange={(day) => setFilters({ to: dayToIso(day, true) })} testId="filter-to" />
      </div>
      <div className="filters-end">
        <span className="num muted" aria-live="polite" data-testid="runs-total">
          {total == null ? 'Counting…' : `${formatCount(total)} runs`}
        </span>
        {active ? (
          <button type="button" className="btn btn-small" onClick={clear}>
            Clear filters
          </button>
        ) : null}
      </div>
    </div>
  );
}
