/**
 * The demo projects: each one is built so that one specific finding is clearly in its data
 * (documented in docs/demo-data.md). Effects are multiplicative on the median cost and
 * additive on the QA pass probability.
 */

export const STRATEGIES = ['baseline', 'aggressive_refactor', 'fast_iter'] as const;
export const MODELS = ['claude-3-5-sonnet', 'gpt-4o'] as const;
export const MODES = ['2loop', '3loop'] as const;

export interface ArmEffect {
  /** Share of runs in this arm (weights, normalized per factor). */
  share: number;
  /** Multiplier on the median cost. */
  cost: number;
  /** Added to the QA pass probability. */
  qa: number;
}

export interface Degradation {
  /** Episode window, in days before `now`. */
  fromDaysAgo: number;
  toDaysAgo: number;
  qa: number;
  cost: number;
  /** Per-step error probability during the episode. */
  errorRate: number;
  /** Prompt version that was live during the episode (rolled back afterwards). */
  promptVersion: string;
}

export interface Scenario {
  id: string;
  /** Run id prefix. */
  short: string;
  /** Default number of runs. */
  runs: number;
  recipes: string[];
  /** Median cost of a 3-round baseline run before arm effects. */
  baseCost: number;
  /** Log-scale spread of the cost noise. */
  sigma: number;
  qaPass: number;
  qaWarning: number;
  modes: Record<(typeof MODES)[number], ArmEffect>;
  strategies: Record<(typeof STRATEGIES)[number], ArmEffect>;
  models: Record<(typeof MODELS)[number], ArmEffect>;
  maxRounds: number;
  /** Weight of each rounds_completed value, index 0 = 1 round. */
  roundsWeights: number[];
  maxCostUsd: number;
  /** Per-step error probability outside an episode. */
  errorRate: number;
  degradation?: Degradation;
  /** Keys of the project's section in project_config.json (top-level defaults apply otherwise). */
  config: Record<string, unknown>;
  /** What the analysis should conclude from this project; copied into docs/demo-data.md. */
  expect: string;
}

const evenModes = { '2loop': { share: 1, cost: 1, qa: 0 }, '3loop': { share: 1, cost: 1, qa: 0 } };
const usualStrategies = {
  baseline: { share: 0.55, cost: 1, qa: 0 },
  aggressive_refactor: { share: 0.25, cost: 1.12, qa: 0.01 },
  fast_iter: { share: 0.2, cost: 0.93, qa: -0.03 },
};
const usualModels = {
  'claude-3-5-sonnet': { share: 0.7, cost: 1, qa: 0 },
  'gpt-4o': { share: 0.3, cost: 0.95, qa: -0.02 },
};

/** Top-level defaults written to project_config.json; projects override some of them. */
export const CONFIG_DEFAULTS = {
  mode: '2loop',
  max_rounds: 8,
  max_cost_usd: 5.0,
  model: 'claude-3-5-sonnet',
  default_strategy: 'baseline',
};

export const SCENARIOS: Scenario[] = [
  {
    id: 'checkout_service',
    short: 'chk',
    runs: 450,
    recipes: ['saas_crud_v1', 'payment_flow_v2'],
    baseCost: 1.25,
    sigma: 0.3,
    qaPass: 0.9,
    qaWarning: 0.05,
    modes: { '2loop': { share: 1, cost: 1, qa: 0 }, '3loop': { share: 1, cost: 0.72, qa: 0 } },
    strategies: usualStrategies,
    models: usualModels,
    maxRounds: 5,
    roundsWeights: [5, 25, 35, 23, 12],
    maxCostUsd: 3.2,
    errorRate: 0.05,
    config: { max_rounds: 5, max_cost_usd: 3.2 },
    expect:
      'mode recommendation 2loop → 3loop: 3loop costs ~25 % less per run with the same QA pass rate (~90 %), ~225 runs per mode.',
  },
  {
    id: 'marketing_site',
    short: 'mkt',
    runs: 360,
    recipes: ['landing_page_v2', 'blog_engine_v1'],
    baseCost: 0.7,
    sigma: 0.3,
    qaPass: 0.9,
    qaWarning: 0.05,
    modes: evenModes,
    strategies: {
      baseline: { share: 0.45, cost: 1, qa: 0 },
      aggressive_refactor: { share: 0.2, cost: 1.18, qa: 0.01 },
      fast_iter: { share: 0.35, cost: 0.62, qa: -0.3 },
    },
    models: usualModels,
    maxRounds: 4,
    roundsWeights: [12, 38, 36, 14],
    maxCostUsd: 1.5,
    errorRate: 0.05,
    config: { mode: '3loop', max_rounds: 4, max_cost_usd: 1.5 },
    expect:
      'NO strategy recommendation: fast_iter is ~38 % cheaper but its QA pass rate is ~30 points lower (~60 % vs ~90 %); a naive QA·0.7 + (1/cost)·0.3 score would wrongly pick it. Its runs.jsonl uses aliased field names.',
  },
  {
    id: 'data_pipeline',
    short: 'etl',
    runs: 540,
    recipes: ['etl_pipeline_v1', 'warehouse_sync_v1'],
    baseCost: 0.85,
    sigma: 0.3,
    qaPass: 0.9,
    qaWarning: 0.05,
    modes: evenModes,
    strategies: usualStrategies,
    models: usualModels,
    maxRounds: 8,
    roundsWeights: [12, 46, 32, 8, 2],
    maxCostUsd: 2.0,
    errorRate: 0.05,
    config: { max_cost_usd: 2.0 },
    expect:
      'rounds recommendation max_rounds 8 → 3 or 4: ~98 % of runs finish within 4 rounds, none reaches 8, QA pass rate ~90 %. Its per-run files omit project_id (taken from the folder).',
  },
  {
    id: 'mobile_app',
    short: 'mob',
    runs: 330,
    recipes: ['mobile_feature_v1', 'push_notifications_v1'],
    baseCost: 0.45,
    sigma: 0.3,
    qaPass: 0.88,
    qaWarning: 0.06,
    modes: evenModes,
    strategies: usualStrategies,
    models: usualModels,
    maxRounds: 5,
    roundsWeights: [6, 28, 36, 20, 10],
    maxCostUsd: 5.0,
    errorRate: 0.05,
    config: { mode: '3loop', max_rounds: 5 },
    expect:
      'cost-limit recommendation max_cost_usd 5.00 → ~1.2–1.7 (1.21 with seed 42): the most expensive run cost ~$1.0–1.4 ($1.01 with seed 42), the limit (top-level default) is 3.5–5× that. Its archive is a { "runs": [...] } file.',
  },
  {
    id: 'analytics_api',
    short: 'api',
    runs: 480,
    recipes: ['api_endpoint_v3', 'reporting_v1'],
    baseCost: 1.1,
    sigma: 0.3,
    qaPass: 0.88,
    qaWarning: 0.05,
    modes: evenModes,
    strategies: usualStrategies,
    models: usualModels,
    maxRounds: 6,
    roundsWeights: [5, 20, 30, 25, 12, 8],
    maxCostUsd: 4.0,
    errorRate: 0.05,
    degradation: { fromDaysAgo: 42, toDaysAgo: 28, qa: -0.33, cost: 1.55, errorRate: 0.22, promptVersion: 'v1.2-rc1' },
    config: { max_rounds: 6, max_cost_usd: 4.0 },
    expect:
      'degradation episode 6 → 4 weeks before now: QA pass rate drops from ~88 % to ~55 %, cost rises ~55 %, step errors and retries rise, all under prompt_version v1.2-rc1 (rolled back, then v1.2). No mode/rounds/cost recommendation. Its seed-002-style gates.jsonl event file and its array archive live here.',
  },
];

/** Prompt version live at `daysAgo` (v1.0 → v1.1 → v1.2, with a few days of overlap at each switch). */
export function promptVersionAt(daysAgo: number, u: number): string {
  // Within 3 days of a switch, runs pick the old or new version with a linear ramp.
  const pick = (boundary: number, older: string, newer: string): string | null => {
    const d = daysAgo - boundary; // > 0: before the switch
    if (Math.abs(d) >= 3) return null;
    return u < (3 - d) / 6 ? newer : older;
  };
  return (
    pick(56, 'v1.0', 'v1.1') ??
    pick(28, 'v1.1', 'v1.2') ??
    (daysAgo > 56 ? 'v1.0' : daysAgo > 28 ? 'v1.1' : 'v1.2')
  );
}

/** Effect of a prompt version: later versions are slightly cheaper and better. */
export function versionEffect(version: string): { cost: number; qa: number } {
  if (version === 'v1.1') return { cost: 0.95, qa: 0 };
  if (version === 'v1.2') return { cost: 0.93, qa: 0.02 };
  return { cost: 1, qa: 0 };
}
