/**
 * Versioned schema. Each migration runs once, in a transaction, and bumps `user_version`.
 * Never edit a shipped migration: add a new one.
 */
export const MIGRATIONS: string[] = [
  /* 1: sources, runs and their children, events, quarantine, aggregates, settings, ledger */ `
  CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    root TEXT NOT NULL,
    path TEXT NOT NULL UNIQUE,
    rel_path TEXT NOT NULL,
    kind TEXT NOT NULL,               -- json | jsonl
    size INTEGER NOT NULL DEFAULT 0,
    mtime_ms REAL NOT NULL DEFAULT 0,
    ino INTEGER NOT NULL DEFAULT 0,
    byte_offset INTEGER NOT NULL DEFAULT 0, -- JSONL: end of the last complete line consumed
    line_count INTEGER NOT NULL DEFAULT 0,  -- JSONL: lines consumed, for line numbers on append
    head_hash TEXT,                   -- hash of the first bytes: tells a replaced file from an appended one
    status TEXT NOT NULL DEFAULT 'ok', -- ok | unreadable | partial (JSONL mid-ingest) | stale (re-read from 0)
    error TEXT,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX sources_root ON sources(root);

  CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    line INTEGER NOT NULL,
    run_id TEXT NOT NULL,
    project_id TEXT NOT NULL,
    started_at TEXT,
    started_ms INTEGER,
    ended_at TEXT,
    duration_s REAL,
    mode TEXT,
    prompt_strategy TEXT,
    prompt_version TEXT,
    model TEXT,
    recipe TEXT,
    max_rounds INTEGER,
    rounds_completed INTEGER,
    max_cost_usd REAL,
    total_cost_usd REAL,
    tokens_in INTEGER,
    tokens_out INTEGER,
    qa_status TEXT,
    status TEXT,
    auto_tuned INTEGER,
    record TEXT,                      -- canonical record (JSON), children included; NULL = raw is already canonical
    raw TEXT,                         -- the record as read from the file; NULL = by reference (raw_offset/raw_length, migration 3)
    UNIQUE (project_id, run_id)
  );
  CREATE INDEX runs_source ON runs(source_id);
  CREATE INDEX runs_project_started ON runs(project_id, started_ms);

  CREATE TABLE steps (
    run_pk INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    agent TEXT, task_type TEXT, model TEXT, started_at TEXT, duration_s REAL, success INTEGER,
    retries INTEGER, tokens INTEGER, cost_usd REAL, error_type TEXT, error_message TEXT,
    recovery_strategy TEXT, recovery_success INTEGER,
    PRIMARY KEY (run_pk, idx)
  ) WITHOUT ROWID;
  CREATE TABLE gates (
    run_pk INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    gate_id TEXT, stage TEXT, result TEXT, reason TEXT, retry_attempt INTEGER,
    auto_fix_strategy TEXT, auto_fix_success INTEGER, human_override INTEGER,
    PRIMARY KEY (run_pk, idx)
  ) WITHOUT ROWID;
  CREATE TABLE decisions (
    run_pk INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    decision_type TEXT, agent_recommendation TEXT, human_decision TEXT, aligned INTEGER, agent_confidence REAL,
    PRIMARY KEY (run_pk, idx)
  ) WITHOUT ROWID;
  CREATE TABLE errors (
    run_pk INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    type TEXT, message TEXT, agent TEXT,
    PRIMARY KEY (run_pk, idx)
  ) WITHOUT ROWID;

  CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    line INTEGER NOT NULL,
    run_id TEXT,                      -- null: attached to the file only
    project_id TEXT,
    type TEXT NOT NULL,
    at TEXT,
    data TEXT NOT NULL
  );
  CREATE INDEX events_source ON events(source_id);
  CREATE INDEX events_run ON events(project_id, run_id);

  CREATE TABLE quarantine (
    id INTEGER PRIMARY KEY,
    source_id INTEGER REFERENCES sources(id) ON DELETE CASCADE,
    file TEXT NOT NULL,
    line INTEGER,
    field TEXT,
    reason TEXT NOT NULL,
    excerpt TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL,
    pending INTEGER NOT NULL DEFAULT 0, -- 1: unterminated last line of a JSONL file, re-checked when it grows
    dup_source_id INTEGER             -- duplicate of a run in this source: re-read when that source goes
  );
  CREATE INDEX quarantine_source ON quarantine(source_id);
  CREATE INDEX quarantine_dup ON quarantine(dup_source_id) WHERE dup_source_id IS NOT NULL;

  -- Aggregates maintained at ingest (see main/engine/aggregates.ts). factor '' / arm '' = whole project.
  CREATE TABLE agg_arm (
    project_id TEXT NOT NULL, factor TEXT NOT NULL, arm TEXT NOT NULL,
    n INTEGER NOT NULL, cost_n INTEGER NOT NULL, sum_cost REAL NOT NULL,
    log_n INTEGER NOT NULL, sum_log_cost REAL NOT NULL, sum_log_cost2 REAL NOT NULL,
    min_cost REAL, max_cost REAL, sum_duration REAL NOT NULL, duration_n INTEGER NOT NULL,
    sum_rounds REAL NOT NULL, rounds_n INTEGER NOT NULL,
    qa_passed INTEGER NOT NULL, qa_warning INTEGER NOT NULL, qa_failed INTEGER NOT NULL,
    first_ms INTEGER, last_ms INTEGER,
    PRIMARY KEY (project_id, factor, arm)
  ) WITHOUT ROWID;
  CREATE TABLE agg_cost_bin (
    project_id TEXT NOT NULL, factor TEXT NOT NULL, arm TEXT NOT NULL, bin INTEGER NOT NULL,
    n INTEGER NOT NULL, sum REAL NOT NULL,
    PRIMARY KEY (project_id, factor, arm, bin)
  ) WITHOUT ROWID;
  CREATE TABLE agg_rounds (
    project_id TEXT NOT NULL, rounds INTEGER NOT NULL,
    n INTEGER NOT NULL, hit_max_n INTEGER NOT NULL, with_limit_n INTEGER NOT NULL,
    PRIMARY KEY (project_id, rounds)
  ) WITHOUT ROWID;
  CREATE TABLE agg_week (
    project_id TEXT NOT NULL, week_start TEXT NOT NULL,
    n INTEGER NOT NULL, qa_passed INTEGER NOT NULL, qa_n INTEGER NOT NULL, sum_cost REAL NOT NULL, cost_n INTEGER NOT NULL,
    PRIMARY KEY (project_id, week_start)
  ) WITHOUT ROWID;
  -- Bumped on every change to a project's runs: the analysis cache key.
  CREATE TABLE project_versions (
    project_id TEXT PRIMARY KEY,
    version INTEGER NOT NULL
  );

  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );

  CREATE TABLE ledger (
    id INTEGER PRIMARY KEY,
    project_id TEXT NOT NULL,
    config_path TEXT NOT NULL,
    key_path TEXT NOT NULL,
    field TEXT NOT NULL,
    before_value TEXT,               -- JSON; null = key was absent
    after_value TEXT,
    applied_at TEXT NOT NULL,
    applied_ms INTEGER NOT NULL,
    applied_by TEXT NOT NULL,        -- user | auto-tune
    recommendation TEXT,             -- JSON of the recommendation with its evidence
    backup_path TEXT,
    before_hash TEXT,
    after_hash TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'applied', -- applied | undone
    undone_at TEXT,
    undo_of INTEGER REFERENCES ledger(id), -- set on the row that records an undo: the change it reverted
    created_keys TEXT,               -- JSON array of key paths (arrays) the change added: the outermost absent one, and absent marks
    removed_keys TEXT                -- undo rows: JSON array of key paths the undo deleted
  );
  CREATE INDEX ledger_project ON ledger(project_id, applied_ms);
  `,
  /* 2: an arm's cost bins as one packed blob, written with the arm (one row per arm per batch instead of one per bin) */ `
  -- Float64 triples (bin, n, sum), little-endian. NULL: the arm's bins are rows of agg_cost_bin (written by version 1).
  ALTER TABLE agg_arm ADD COLUMN bins BLOB;
  `,
  /* 3: the raw record by reference: its exact bytes in the source file instead of a copy */ `
  -- Byte span of the record's text in sources.path (valid while the source's size/mtime/ino match the file).
  -- NULL: no exact span (e.g. salvaged record); the text is in raw. runs.raw became nullable in version 1
  -- (edited before any release); a database made before that keeps NOT NULL and gets '' instead.
  ALTER TABLE runs ADD COLUMN raw_offset INTEGER;
  ALTER TABLE runs ADD COLUMN raw_length INTEGER;
  `,
  /* 4: task and stop reason of a run; the fold's version; v1's bin rows and an index that only cost inserts gone */ `
  ALTER TABLE runs ADD COLUMN task_id TEXT;
  ALTER TABLE runs ADD COLUMN stop_reason TEXT;
  -- Partial: runs without a task cost nothing here (pairing by task only ever looks at runs that have one).
  CREATE INDEX runs_project_task ON runs(project_id, task_id) WHERE task_id IS NOT NULL;
  -- The re-scan reads all of a root's sources: a table scan is as fast as this index (measured), which only cost every file insert.
  DROP INDEX sources_root;
  -- Which version of the fold wrote agg_* (the ingest rebuilds them from runs when it differs). No row: never written.
  CREATE TABLE agg_meta (fold_version INTEGER NOT NULL);
  -- How many bad records a quarantine row stands for: 1, or the count of a capped file's summary row (listing capped, count true).
  ALTER TABLE quarantine ADD COLUMN n INTEGER NOT NULL DEFAULT 1;
  -- Bins live in agg_arm.bins (version 2); rows a version-1 database kept here are rebuilt from runs.
  DROP TABLE agg_cost_bin;
  `,
  /* 5: experiments a user declared (issue 9 §1), e.g. from a learning suggestion: control vs treatment of one factor */ `
  CREATE TABLE declared_experiments (
    id INTEGER PRIMARY KEY,
    project_id TEXT NOT NULL,
    name TEXT NOT NULL,
    factor TEXT NOT NULL,             -- a run setting: prompt_version, prompt_strategy, model, mode, recipe
    control TEXT NOT NULL,
    treatment TEXT NOT NULL,
    suggestion_id TEXT,               -- the learning suggestion it was started from (SUG-…), if any
    hypothesis TEXT,                  -- what the user expects, e.g. the suggestion's impact ceiling
    created_at TEXT NOT NULL,
    UNIQUE (project_id, factor, control, treatment)
  );
  `,
  /* 6: cost per passed run over the same runs: each arm's runs with both a cost and a QA outcome (fold version 2) */ `
  ALTER TABLE agg_arm ADD COLUMN qa_cost_n INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE agg_arm ADD COLUMN qa_cost_sum REAL NOT NULL DEFAULT 0;
  ALTER TABLE agg_arm ADD COLUMN qa_cost_passed INTEGER NOT NULL DEFAULT 0;
  `,
  /* 7: the facts experiments read, as columns (one derivation at insert), and the experiments' sums kept at ingest */ `
  -- Derived from the record at insert (shared/experiment-facts.ts); backfilled here the way the
  -- experiments scan derived them before (a by-reference record without a canonical copy has no rating).
  ALTER TABLE runs ADD COLUMN task_key TEXT;
  ALTER TABLE runs ADD COLUMN tokens_total REAL;
  ALTER TABLE runs ADD COLUMN retries_total REAL;
  ALTER TABLE runs ADD COLUMN rating REAL;
  ALTER TABLE runs ADD COLUMN human_override INTEGER;
  UPDATE runs SET
    task_key = COALESCE(task_id, CASE WHEN json_valid(COALESCE(record, raw)) THEN CAST(COALESCE(
      json_extract(COALESCE(record, raw), '$.extra.task_id'), json_extract(COALESCE(record, raw), '$.extra.instance_id'),
      json_extract(COALESCE(record, raw), '$.extra.case_id'), json_extract(COALESCE(record, raw), '$.extra.task')) AS TEXT) END),
    tokens_total = CASE WHEN tokens_in IS NULL AND tokens_out IS NULL THEN (SELECT SUM(s.tokens) FROM steps s WHERE s.run_pk = runs.id)
      ELSE COALESCE(tokens_in, 0) + COALESCE(tokens_out, 0) END,
    retries_total = (SELECT SUM(s.retries) FROM steps s WHERE s.run_pk = runs.id),
    rating = CASE WHEN json_valid(COALESCE(record, raw)) THEN json_extract(COALESCE(record, raw), '$.feedback.overall_rating') END,
    human_override = (SELECT MAX(g.human_override) FROM gates g WHERE g.run_pk = runs.id);
  -- Sufficient sums of the experiments per (project, factor, dimension, arm, level), a packed
  -- Float64 blob (ingest/experiment-fold.ts). dim '': the arm itself; '#task': per task key;
  -- else a stratum (another factor, the week, or a pair "a×b"). factor '': the project overall.
  CREATE TABLE agg_exp (
    project_id TEXT NOT NULL,
    factor TEXT NOT NULL,
    dim TEXT NOT NULL,
    arm TEXT NOT NULL,
    level TEXT NOT NULL,
    sums BLOB NOT NULL,
    PRIMARY KEY (project_id, factor, dim, arm, level)
  ) WITHOUT ROWID;
  -- Health's daily buckets kept at ingest (ingest/health-fold.ts): one per (project, scope, value, UTC day),
  -- the engine's DailyBucket as JSON. scope project (value ''), agent or task_type.
  CREATE TABLE agg_health (
    project_id TEXT NOT NULL,
    scope TEXT NOT NULL,
    value TEXT NOT NULL,
    day TEXT NOT NULL,
    bucket TEXT NOT NULL,
    PRIMARY KEY (project_id, scope, value, day)
  ) WITHOUT ROWID;
  `,
  /* 8: what the ingest derives from each run (issue 12 §1): its auto-labels and learning fields, and the rules they follow */ `
  -- One row per run: its RunLabels JSON (shared/learning.ts) under label_meta's rules, and its learning
  -- fields (engine/learning/record-run.ts learningFieldsOf, JSON), which the learning analysis reads
  -- instead of the whole record. A table of its own: reading them never walks a record's overflow pages.
  -- No row: not derived yet (a run stored before this migration, or cleared by a rule change); the ingest fills them.
  CREATE TABLE run_labels (
    run_pk INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
    labels TEXT NOT NULL,
    learning TEXT NOT NULL
  );
  -- One row: the fingerprint of what the derivations follow (fields version and label rules) and since when.
  CREATE TABLE label_meta (rules TEXT NOT NULL, since TEXT NOT NULL);
  `,
  /* 9: user-named experiment factors (issue 9 §1) and the full spec of a declared experiment */ `
  -- The values of the run fields named in settings (experiment_factors) at the run's ingest, as a
  -- JSON object field → text (shared/custom-factors.ts); NULL: none named then, or none present.
  ALTER TABLE runs ADD COLUMN custom_factors TEXT;
  -- A declared experiment's variants (treatment is the first), start, primary metric, guardrails,
  -- minimum detectable effect and planned split, as JSON (NULL: one treatment since created_at).
  ALTER TABLE declared_experiments ADD COLUMN spec TEXT;
  `,
];
