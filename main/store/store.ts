/**
 * The store: every table behind a named interface, and the factory that opens one. The rest
 * of the app sees only these interfaces (never the driver, SQL or transactions), so a second
 * implementation (PostgreSQL for teams) is one more factory. Each method is one unit of work:
 * a query, a batch of ingest writes (ingestUnit), a ledger change with its file write (ledger.recordChange).
 */
import type { IngestCounts } from '../../shared/domain';
import { SqliteAggregateStore, type AggregateStore } from './aggregate-store';
import { deferIndexes, restoreIndexes } from './bulk-load';
import { SqliteConfigLinkStore, type ConfigLinkStore } from './config-link-store';
import { SqliteDeclaredExperimentStore, type DeclaredExperimentStore } from './declared-experiment-store';
import { SqliteExperimentStore, type ExperimentStore } from './experiment-store';
import { SqliteHealthStore, type HealthStore } from './health-store';
import { SqliteLearningStore, type LearningStore } from './learning-store';
import { SqliteRunLabelStore, type RunLabelStore } from './run-labels-store';
import { openDb, schemaVersion, type Db, type OpenOptions } from './db';
import { SqliteIngestWriter, type IngestWriter } from './ingest-writer';
import { SqliteLedgerStore, type LedgerStore } from './ledger-store';
import { SqliteQuarantineStore, type QuarantineStore } from './quarantine-store';
import { SqliteRunStore, type RunStore } from './run-store';
import { SqliteSettingsStore, type SettingsStore } from './settings-store';
import { SqliteSourceStore, type SourceStore } from './source-store';
import { SqliteTrendStore, type TrendStore } from './trend-store';

/** A big write under way: the store tuned for it until `end()`. */
export interface LoadScope {
  end(): void;
}

export interface Store {
  readonly runs: RunStore;
  readonly sources: SourceStore;
  readonly aggregates: AggregateStore;
  readonly quarantine: QuarantineStore;
  readonly ledger: LedgerStore;
  readonly settings: SettingsStore;
  readonly configLinks: ConfigLinkStore;
  readonly health: HealthStore;
  readonly learning: LearningStore;
  readonly runLabels: RunLabelStore;
  /** Range totals for the dashboard's time series. */
  readonly trends: TrendStore;
  readonly experiments: ExperimentStore;
  readonly declaredExperiments: DeclaredExperimentStore;
  /**
   * Runs `fn` as one write unit with the ingest's writer (valid only during `fn`; `nowIso` stamps
   * its rows): everything written commits when `fn` returns, nothing when it throws. Aggregate
   * rows written during `fn` belong to the same unit.
   */
  ingestUnit<T>(fn: (w: IngestWriter) => T, nowIso?: () => string): T;
  /**
   * Tunes the store for a big ingest until `end()`: a bigger cache, and with `deferIndexes` the
   * secondary indexes built once at the end (they are also rebuilt after a load that was killed).
   */
  beginLoad(opts: { deferIndexes: boolean }): LoadScope;
  /** Files known, runs, events and quarantined records. */
  counts(): IngestCounts;
  /** The schema's migration version. */
  schemaVersion(): number;
  /** "ok", or what the storage engine found wrong. */
  checkIntegrity(): string;
  close(): void;
}

export type StoreOptions = OpenOptions;

/** SQLite page cache while ingesting, KiB (the default is 2 MiB). */
const INGEST_CACHE_KIB = 64 * 1024;

/** The SQLite store (better-sqlite3): synchronous inside, one file on disk. */
export class SqliteStore implements Store {
  readonly runs: RunStore;
  readonly sources: SourceStore;
  readonly aggregates: AggregateStore;
  readonly quarantine: QuarantineStore;
  readonly ledger: LedgerStore;
  readonly settings: SettingsStore;
  readonly configLinks: ConfigLinkStore;
  readonly health: HealthStore;
  readonly learning: LearningStore;
  readonly runLabels: RunLabelStore;
  readonly trends: TrendStore;
  readonly experiments: ExperimentStore;
  readonly declaredExperiments: DeclaredExperimentStore;
  private readonly countStmts;
  /** One writer per connection (its statements prepared once), opened for each unit. */
  private writer: SqliteIngestWriter | null = null;

  /** The connection, for the store's own tests. */
  constructor(readonly db: Db) {
    this.runs = new SqliteRunStore(db);
    this.sources = new SqliteSourceStore(db);
    this.aggregates = new SqliteAggregateStore(db);
    this.quarantine = new SqliteQuarantineStore(db);
    this.ledger = new SqliteLedgerStore(db);
    this.settings = new SqliteSettingsStore(db);
    this.configLinks = new SqliteConfigLinkStore(db);
    this.health = new SqliteHealthStore(db);
    this.learning = new SqliteLearningStore(db);
    this.runLabels = new SqliteRunLabelStore(db);
    this.trends = new SqliteTrendStore(db);
    this.experiments = new SqliteExperimentStore(db);
    this.declaredExperiments = new SqliteDeclaredExperimentStore(db);
    this.countStmts = ['sources', 'runs', 'events'].map((t) => db.prepare(`SELECT count(*) FROM ${t}`).pluck());
  }

  ingestUnit<T>(fn: (w: IngestWriter) => T, nowIso: () => string = () => new Date().toISOString()): T {
    const db = this.db;
    const w = (this.writer ??= new SqliteIngestWriter(db));
    db.exec('BEGIN IMMEDIATE');
    w.open(nowIso);
    try {
      const value = fn(w);
      db.exec('COMMIT');
      return value;
    } catch (e) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw e;
    } finally {
      w.close();
    }
  }

  beginLoad(opts: { deferIndexes: boolean }): LoadScope {
    const db = this.db;
    if (opts.deferIndexes) deferIndexes(db);
    // A bigger page cache while writing: index pages stay in memory across a batch (per connection; restored after).
    const cacheSize = db.pragma('cache_size', { simple: true }) as number; // < 0: KiB, > 0: pages
    const cacheKib = cacheSize < 0 ? -cacheSize : (cacheSize * (db.pragma('page_size', { simple: true }) as number)) / 1024;
    if (cacheKib < INGEST_CACHE_KIB) db.pragma(`cache_size = -${INGEST_CACHE_KIB}`);
    return {
      end() {
        db.pragma(`cache_size = ${cacheSize}`);
        restoreIndexes(db);
      },
    };
  }

  counts(): IngestCounts {
    const [files, runs, events] = this.countStmts.map((s) => s.get() as number);
    return { files, runs, events, quarantined: this.quarantine.count() };
  }

  schemaVersion(): number {
    return schemaVersion(this.db);
  }

  checkIntegrity(): string {
    return this.db.pragma('integrity_check', { simple: true }) as string;
  }

  close(): void {
    this.db.close();
  }
}

/** Opens (creating and migrating) the store in a SQLite file; ':memory:' for a throwaway one. */
export function openStore(file: string, options: StoreOptions = {}): Store {
  return new SqliteStore(openDb(file, options));
}
