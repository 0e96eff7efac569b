import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './index';

let store: Store;
beforeEach(async () => {
  store = openStore(':memory:');
});
afterEach(async () => await store.close());

const base = { project_id: 'p', name: 'tighter gate prompt', factor: 'prompt_version' as const, control: 'v1.2', treatment: 'v1.3', suggestion_id: 'SUG-0123abcd', hypothesis: 'at most −63 % failures', created_at: '2026-11-21T08:30:00.000Z' };

describe('DeclaredExperimentStore', () => {
  it('stores, lists per project in order and deletes', async () => {
    const a = (await store.declaredExperiments.insert(base))!;
    const b = (await store.declaredExperiments.insert({ ...base, treatment: 'v1.4', suggestion_id: null, hypothesis: null }))!;
    await store.declaredExperiments.insert({ ...base, project_id: 'q' });
    expect(a).toEqual({ id: a.id, ...base, spec: null });
    expect((await store.declaredExperiments.list('p')).map((e) => e.treatment)).toEqual(['v1.3', 'v1.4']);
    expect((await store.declaredExperiments.list('p'))[1]).toMatchObject({ suggestion_id: null, hypothesis: null });
    expect(await store.declaredExperiments.delete(a.id)).toBe(true);
    expect(await store.declaredExperiments.delete(a.id)).toBe(false);
    expect((await store.declaredExperiments.list('p')).map((e) => e.id)).toEqual([b.id]);
    expect(await store.declaredExperiments.list('q')).toHaveLength(1);
  });

  it('keeps the spec of a declaration (variants, start, metrics, MDE, planned split) as JSON', async () => {
    const spec = { variants: ['v1.3', 'v1.4'], start_at: '2026-11-01T00:00:00.000Z', primary_metric: 'pass_rate' as const, guardrails: ['cost' as const], mde: 0.05, planned_split: { 'v1.2': 2, 'v1.3': 1, 'v1.4': 1 } };
    const a = (await store.declaredExperiments.insert({ ...base, spec }))!;
    expect(a.spec).toEqual(spec);
    expect((await store.declaredExperiments.list('p'))[0].spec).toEqual(spec);
  });

  it('refuses the same factor, control and treatment twice in a project (answers null, keeps the first)', async () => {
    await store.declaredExperiments.insert(base);
    expect(await store.declaredExperiments.insert({ ...base, name: 'again' })).toBeNull();
    expect((await store.declaredExperiments.list('p')).map((e) => e.name)).toEqual(['tighter gate prompt']);
  });
});
