/**
 * Test fixtures: seed 000's commented `project_config.json` ("Complete Auto-Tune
 * Configuration"), with the tunable keys the runner reads added at the top, comments included.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Confidence, Recommendation, RecommendationCategory } from '../../shared/domain';
import type { TunableField } from '../../shared/run-record';
import { afterAll } from 'vitest';

export const SEED_CONFIG = `{
  // Orchestrator settings (the runner reads these before each run)
  "mode": "2loop",
  "max_rounds": 5, // rounds per run
  "max_cost_usd": 2.0,
  "model": "gpt-4o",

  "prompts": {
    "default_strategy": "baseline",
    "strategies": {
      "baseline": {
        "file": "prompts_default.json",
        "description": "Default balanced prompts for quality and cost"
      },
      "aggressive_refactor": {
        "file": "prompts_aggressive.json",
        "description": "Aggressive refactoring and optimization"
      },
      "fast_iter": {
        "file": "prompts_fast.json",
        "description": "Fast iteration with minimal validation"
      }
    }
  },
  "auto_tune": {
    // Enable/disable automatic application of recommendations
    "enabled": false,

    // Skip low-confidence recommendations in safe mode
    "apply_safely": true,

    // Minimum runs required before generating recommendations
    "min_runs_for_recommendations": 5,

    // Minimum confidence level to apply ("high", "medium", "low")
    "confidence_threshold": "medium"
  }
}
`;

/** The same file with a `projects.<id>` override section. */
export const PROJECTS_CONFIG = `{
  "mode": "2loop",
  "max_rounds": 5,
  "projects": {
    // contafuel runs longer tasks
    "contafuel": {
      "max_rounds": 8,
      "prompts": { "default_strategy": "fast_iter" }
    },
    "other": {}
  },
  "prompts": {
    "default_strategy": "baseline",
    "strategies": { "baseline": {}, "fast_iter": {} }
  }
}
`;

const created: string[] = [];
// Registered on the importing test file: its temp configs go when its tests are done.
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temp dir holding `project_config.json` with `text`, removed after the test file; returns both paths. */
export function tempConfig(text: string, name = 'project_config.json'): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'runbrain-config-'));
  created.push(dir);
  const path = join(dir, name);
  writeFileSync(path, text);
  return { dir, path };
}

/** A recommendation as the engine would produce it (only the fields config code reads matter). */
export function rec(field: TunableField, value: string | number, confidence: Confidence, project_id = 'p1'): Recommendation {
  // prompt_version and recipe have no category of their own yet: experiment winners use 'strategy'.
  const categories: Record<TunableField, RecommendationCategory> = {
    mode: 'mode',
    max_rounds: 'rounds',
    max_cost_usd: 'cost',
    prompt_strategy: 'strategy',
    model: 'model',
    prompt_version: 'strategy',
    recipe: 'strategy',
  };
  const category = categories[field];
  return {
    id: `${project_id}:${field}:${value}`,
    project_id,
    category,
    field,
    current_value: null,
    recommended_value: value,
    explanation: `test ${field}`,
    confidence,
    estimated_impact: '~$0.10 savings per run',
    impact: null,
    evidence: { rule: `test-${field}`, values: { n: 12 } },
  };
}
