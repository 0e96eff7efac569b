/**
 * Run auto-labels derived at ingest (issue 12 §1): each run's labels are computed with the
 * engine's `runLabels` when it is inserted and stored with it (`run_labels.labels`, migration 8), under
 * the label rules of the settings (`learning_labels`, shared/label-rules.ts), with its learning
 * fields (`run_labels.learning`: what the learning analysis reads, so it never re-parses whole records).
 * When the rules change, every stored label is cleared and derived again; runs stored before
 * labels were kept (an older database) are filled the same way.
 */
import { resolveOptions, runLabels } from '../engine/learning';
import { LEARNING_FIELDS_VERSION, learningRunOfRecord, pickLearningFields } from '../engine/learning/record-run';
import { labelRulesInput, labelRulesKey, type LabelRules } from '../../shared/label-rules';
import type { RunRecord } from '../../shared/run-record';
import type { DerivedTexts, SettingsStore, Store } from '../store';
import { learningRunOfRow, RefReader } from './stored-learning-run';

/** The settings key holding the user's label thresholds. */
export const LABEL_RULES_SETTING = 'learning_labels';

/** Resolved label rules and their fingerprint. */
export interface ActiveLabelRules {
  rules: LabelRules;
  key: string;
  /** The settings text they were read from (to notice a change cheaply). */
  text: string | undefined;
}

/** The label rules in effect: the defaults with the user's overrides (bad values ignored). */
export async function activeLabelRules(settings: SettingsStore, previous?: ActiveLabelRules): Promise<ActiveLabelRules> {
  const text = await settings.get(LABEL_RULES_SETTING);
  if (previous && previous.text === text) return previous;
  let stored: unknown = null;
  try {
    stored = text != null ? JSON.parse(text) : null;
  } catch {
    // A corrupt value means the defaults, as for every other setting.
  }
  const rules = resolveOptions({ labels: labelRulesInput(stored) }).labels;
  // The fingerprint covers what the learning fields keep too: a new version derives everything again.
  return { rules, key: `fields ${LEARNING_FIELDS_VERSION} rules ${labelRulesKey(rules)}`, text };
}

/** What the ingest stores with a run: its labels (`runLabels`) and learning fields, from the canonical record. */
export function derivedTexts(record: RunRecord, rules: LabelRules): DerivedTexts {
  const run = learningRunOfRecord(record);
  return { labels: JSON.stringify(runLabels(run, rules)), learning: JSON.stringify(pickLearningFields(run)) };
}

/**
 * Inside a unit of work: when the stored labels follow other rules than `active` (or none were
 * recorded), clears them and records these. Returns true when it did (the caller fills them).
 */
export async function adoptLabelRules(store: Store, active: ActiveLabelRules, nowIso: string): Promise<boolean> {
  if ((await store.runLabels.meta())?.rules === active.key) return false;
  await store.runLabels.resetRules(active.key, nowIso);
  return true;
}

const FILL_BATCH = 2000;

/** Derives the labels and learning fields of every run that lacks them, in units of FILL_BATCH runs; returns how many. */
export async function fillRunLabels(store: Store, active: ActiveLabelRules): Promise<number> {
  let after = 0;
  let filled = 0;
  const refs = new RefReader();
  const children = (pk: number) => store.learning.children(pk);
  try {
    for (;;) {
      const done = await store.ingestUnit(async () => {
        const rows = await store.runLabels.unlabelled(after, FILL_BATCH);
        for (const row of rows) {
          // The stored record (or the child rows when it cannot be read back) is what was labelled at insert.
          const run = await learningRunOfRow(row, refs, children, true);
          await store.runLabels.setDerived(row.pk, JSON.stringify(runLabels(run, active.rules)), JSON.stringify(pickLearningFields(run)));
          after = row.pk;
        }
        return rows.length;
      });
      filled += done;
      if (done < FILL_BATCH) return filled;
    }
  } finally {
    refs.close();
  }
}

/** What ensureRunLabels did. */
export interface LabelsEnsured {
  /** The rules differed from the ones the stored labels followed: all were derived again. */
  rules_changed: boolean;
  /** Runs whose labels were derived now. */
  derived: number;
  rules_since: string;
}

/**
 * Brings the stored labels in line with the settings' rules: after a rule change every run is
 * labelled again; runs without labels (stored before migration 8) are filled. Cheap when current.
 */
export async function ensureRunLabels(store: Store, nowIso: string = new Date().toISOString()): Promise<LabelsEnsured> {
  const active = await activeLabelRules(store.settings);
  const changed = await store.ingestUnit(() => adoptLabelRules(store, active, nowIso));
  const derived = changed || (await store.runLabels.unlabelledCount()) > 0 ? await fillRunLabels(store, active) : 0;
  return { rules_changed: changed, derived, rules_since: (await store.runLabels.meta())?.since ?? nowIso };
}
