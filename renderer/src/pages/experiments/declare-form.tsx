/**
 * Declares an experiment from the Experiments page (issue 9 §1): name, factor, control, variants,
 * start date, primary metric, guardrails, minimum detectable effect and planned split. Checked
 * field by field with the same function the declare operation runs (shared/declared-spec.ts).
 */
import { useId, useState, type FormEvent } from 'react';
import {
  declarationErrors, DECLARED_METRICS, type DeclarationField, type DeclarationInput, type DeclaredMetric,
} from '../../../../shared/declared-spec';
import { api, errorMessage } from '../../api/client';
import { toast } from '../../store/toast-store';

const METRIC_LABEL: Record<DeclaredMetric, string> = { cost_per_pass: 'Cost per passed run', pass_rate: 'Pass rate', cost: 'Cost per run' };
const FIELDS: readonly DeclarationField[] = ['name', 'factor', 'control', 'variants', 'start_at', 'primary_metric', 'guardrails', 'mde', 'planned_split'];

interface Props {
  projectId: string;
  /** Factor → the values its runs have (the choices offered; others can be typed). */
  values: ReadonlyMap<string, readonly string[]>;
  namedFactors: readonly string[];
  onDeclared: () => void;
  onCancel: () => void;
}

const today = () => new Date().toISOString().slice(0, 10);
const list = (s: string) => s.split(',').map((x) => x.trim()).filter((x) => x !== '');

/** The request the form's fields make (MDE typed in % or points; the split as shares in arm order). */
function toInput(f: FormState): DeclarationInput & { splitError?: string } {
  const variants = list(f.variants);
  const d: DeclarationInput & { splitError?: string } = { factor: f.factor, control: f.control.trim(), variants, primary_metric: f.primary };
  if (f.name.trim()) d.name = f.name.trim();
  if (f.start) d.start_at = f.start;
  if (f.guardrails.length > 0) d.guardrails = f.guardrails;
  if (f.mde.trim()) d.mde = Number(f.mde) / 100;
  if (f.split.trim()) {
    const shares = list(f.split.replace(/[/:]/g, ',')).map(Number);
    const arms = [d.control, ...variants];
    if (shares.length !== arms.length) d.splitError = `give ${arms.length} shares, one per arm in order (${arms.join(', ')})`;
    else d.planned_split = Object.fromEntries(arms.map((a, i) => [a, shares[i]]));
  }
  return d;
}

interface FormState {
  name: string;
  factor: string;
  control: string;
  variants: string;
  start: string;
  primary: DeclaredMetric;
  guardrails: DeclaredMetric[];
  mde: string;
  split: string;
}

export function DeclareForm({ projectId, values, namedFactors, onDeclared, onCancel }: Props) {
  const factors = [...new Set(['prompt_strategy', 'model', 'mode', 'prompt_version', 'recipe', ...namedFactors, ...values.keys()])];
  const first = [...values.keys()][0] ?? factors[0];
  const [f, setF] = useState<FormState>({ name: '', factor: first, control: '', variants: '', start: today(), primary: 'cost_per_pass', guardrails: ['pass_rate'], mde: '', split: '' });
  const [errors, setErrors] = useState<Partial<Record<DeclarationField, string>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const id = useId();
  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setF((s) => ({ ...s, [k]: v }));
  const known = values.get(f.factor) ?? [];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const d = toInput(f);
    const found: Partial<Record<DeclarationField, string>> = {};
    for (const x of declarationErrors(d, namedFactors)) found[x.field] ??= x.message;
    if (d.splitError) found.planned_split ??= d.splitError;
    setErrors(found);
    setGeneral(null);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    try {
      const { splitError: _, ...req } = d;
      const saved = await api.declareExperiment({ project_id: projectId, ...req });
      toast.success(`Declared "${saved.name}": runs since ${d.start_at ?? 'now'} count`);
      onDeclared();
    } catch (err) {
      const msg = errorMessage(err);
      // The operation names the field first ("variants: …"): shown under it.
      const m = /^(\w+): (.*)$/.exec(msg);
      if (m && (FIELDS as readonly string[]).includes(m[1])) setErrors({ [m[1]]: m[2] });
      else setGeneral(msg);
    } finally {
      setSaving(false);
    }
  };

  const field = (k: DeclarationField) => ({
    id: `${id}-${k}`,
    'aria-invalid': errors[k] ? true : undefined,
    'aria-describedby': errors[k] ? `${id}-${k}-err` : undefined,
  });
  const err = (k: DeclarationField) => (errors[k] ? <p className="field-error" id={`${id}-${k}-err`} data-testid={`declare-error-${k}`}>{errors[k]}</p> : null);
  const mdeUnit = f.primary === 'pass_rate' ? 'points' : '% relative';
  const vs = list(f.variants);
  const arms = [f.control.trim() || 'control', ...(vs.length > 0 ? vs : ['variant'])];

  return (
    <form className="card declare-form" onSubmit={(e) => void submit(e)} data-testid="declare-form" noValidate>
      <header className="section-head">
        <h2>Declare an experiment</h2>
      </header>
      <div className="form-grid">
        <label htmlFor={`${id}-name`}>Name</label>
        <div>
          <input {...field('name')} className="input" value={f.name} placeholder={`${f.factor}: ${f.control || 'control'} → ${f.variants || 'variant'}`} onChange={(e) => set('name', e.target.value)} data-testid="declare-name" />
          {err('name')}
        </div>
        <label htmlFor={`${id}-factor`}>Factor</label>
        <div>
          <select {...field('factor')} className="input select" value={f.factor} onChange={(e) => set('factor', e.target.value)} data-testid="declare-factor">
            {factors.map((x) => <option key={x} value={x}>{x}</option>)}
          </select>
          {err('factor')}
        </div>
        <label htmlFor={`${id}-control`}>Control</label>
        <div>
          <input {...field('control')} className="input mono" list={`${id}-values`} value={f.control} onChange={(e) => set('control', e.target.value)} data-testid="declare-control" />
          <datalist id={`${id}-values`}>{known.map((v) => <option key={v} value={v} />)}</datalist>
          {known.length > 0 ? <p className="hint">Values in the runs: {known.join(', ')}</p> : null}
          {err('control')}
        </div>
        <label htmlFor={`${id}-variants`}>Variants</label>
        <div>
          <input {...field('variants')} className="input mono" value={f.variants} placeholder="comma-separated" onChange={(e) => set('variants', e.target.value)} data-testid="declare-variants" />
          {err('variants')}
        </div>
        <label htmlFor={`${id}-start_at`}>Start date</label>
        <div>
          <input {...field('start_at')} type="date" className="input input-narrow" value={f.start} onChange={(e) => set('start', e.target.value)} data-testid="declare-start" />
          <p className="hint">Only runs from this date on (UTC) count.</p>
          {err('start_at')}
        </div>
        <label htmlFor={`${id}-primary_metric`}>Primary metric</label>
        <div>
          <select {...field('primary_metric')} className="input select input-narrow" value={f.primary}
            onChange={(e) => { const p = e.target.value as DeclaredMetric; setF((s) => ({ ...s, primary: p, guardrails: s.guardrails.filter((g) => g !== p) })); }} data-testid="declare-primary">
            {DECLARED_METRICS.map((m) => <option key={m} value={m}>{METRIC_LABEL[m]}</option>)}
          </select>
          {err('primary_metric')}
        </div>
        <span>Guardrails</span>
        <div>
          <div className="inline">
            {DECLARED_METRICS.filter((m) => m !== f.primary).map((m) => (
              <label key={m} className="check">
                <input type="checkbox" checked={f.guardrails.includes(m)} data-testid={`declare-guardrail-${m}`}
                  onChange={(e) => set('guardrails', e.target.checked ? [...f.guardrails, m] : f.guardrails.filter((g) => g !== m))} /> {METRIC_LABEL[m]}
              </label>
            ))}
          </div>
          {err('guardrails')}
        </div>
        <label htmlFor={`${id}-mde`}>Minimum detectable effect</label>
        <div>
          <div className="inline">
            <input {...field('mde')} type="number" step="any" min="0" className="input input-narrow num" value={f.mde} placeholder={f.primary === 'pass_rate' ? '5' : '10'}
              onChange={(e) => set('mde', e.target.value)} data-testid="declare-mde" /> <span className="muted">{mdeUnit}</span>
          </div>
          {err('mde')}
        </div>
        <label htmlFor={`${id}-planned_split`}>Planned split</label>
        <div>
          <input {...field('planned_split')} className="input input-narrow mono" value={f.split} placeholder={arms.map(() => Math.round(100 / arms.length)).join(', ')}
            onChange={(e) => set('split', e.target.value)} data-testid="declare-split" />
          <p className="hint">Shares in arm order ({arms.join(', ')}); optional — gives the sample-ratio check.</p>
          {err('planned_split')}
        </div>
      </div>
      {general ? <div className="alert alert-error" role="alert" data-testid="declare-error">{general}</div> : null}
      <div className="section-foot">
        <button type="button" className="btn" onClick={onCancel}>Cancel</button>
        <button type="submit" className="btn btn-primary" disabled={saving} data-testid="declare-submit">Declare</button>
      </div>
    </form>
  );
}
