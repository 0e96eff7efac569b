/**
 * The store: every table behind a named interface, and the factory that opens one. The rest
 * of the app sees only these interfaces (never the driver, SQL or transactions), so a second
 * implementation (PostgreSQL for teams) is one more factory. Each method is one asynchronous
 * unit of work (async-boundary.ts): a query, a batch of ingest writes (ingestUnit), a ledger
 * change with its file write (ledger.recordChange). Inside, the SQLite implementation is synchronous.
 */
import type { IngestCounts } from '../../shared/domain';
import { asyncFacade, UnitGate } from './async-boundary';
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
  end(): Promise<void>;
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
   * its rows): everything written commits when `fn`'s promise resolves, nothing when it rejects.
   * Every store call made from inside `fn` (aggregate rows, settings, reads) belongs to the same
   * unit; calls from elsewhere wait until it has ended. A unit opened inside a unit joins it.
   */
  ingestUnit<T>(fn: (w: IngestWriter) => Promise<T> | T, nowIso?: () => string): Promise<T>;
  /**
   * Tunes the store for a big ingest until `end()`: a bigger cache, and with `deferIndexes` the
   * secondary indexes built once at the end (they are also rebuilt after a load that was killed).
   */
  beginLoad(opts: { deferIndexes: boolean }): Promise<LoadScope>;
  /** Files known, runs, events and quarantined records. */
  counts(): Promise<IngestCounts>;
  /** The schema's migration version. */
  schemaVersion(): Promise<number>;
  /** "ok", or what the storage engine found wrong. */
  checkIntegrity(): Promise<string>;
  close(): Promise<void>;
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
  private readonly quarantineCount: () => number;
  /** One unit at a time on the connection (see async-boundary.ts). */
  private readonly gate = new UnitGate();
  /** One writer per connection (its statements prepared once), opened for each unit. */
  private writer: SqliteIngestWriter | null = null;
  private writerFacade: IngestWriter | null = null;

  /** The connection, for the store's own tests. */
  constructor(readonly db: Db) {
    const g = this.gate;
    this.runs = asyncFacade(new SqliteRunStore(db), g, ['factsSince', 'factsOfProject']);
    this.sources = asyncFacade(new SqliteSourceStore(db), g);
    this.aggregates = asyncFacade(new SqliteAggregateStore(db), g);
    const quarantine = new SqliteQuarantineStore(db);
    this.quarantineCount = () => quarantine.count();
    this.quarantine = asyncFacade(quarantine, g);
    this.ledger = asyncFacade(new SqliteLedgerStore(db), g);
    this.settings = asyncFacade(new SqliteSettingsStore(db), g);
    this.configLinks = asyncFacade(new SqliteConfigLinkStore(db), g);
    this.health = asyncFacade(new SqliteHealthStore(db), g, ['datedRunBatches']);
    this.learning = asyncFacade(new SqliteLearningStore(db), g);
    this.runLabels = asyncFacade(new SqliteRunLabelStore(db), g);
    this.trends = asyncFacade(new SqliteTrendStore(db), g);
    this.experiments = asyncFacade(new SqliteExperimentStore(db), g);
    this.declaredExperiments = asyncFacade(new SqliteDeclaredExperimentStore(db), g);
    this.countStmts = ['sources', 'runs', 'events'].map((t) => db.prepare(`SELECT count(*) FROM ${t}`).pluck());
  }

  ingestUnit<T>(fn: (w: IngestWriter) => Promise<T> | T, nowIso: () => string = () => new Date().toISOString()): Promise<T> {
    const db = this.db;
    const w = (this.writer ??= new SqliteIngestWriter(db));
    const facade = (this.writerFacade ??= asyncFacade(w, this.gate));
    let opened = false;
    return this.gate.unit(
      () => {
        // A unit inside a unit joins it: only the outermost opens the transaction and the writer.
        opened = !db.inTransaction;
        if (!opened) return;
        db.exec('BEGIN IMMEDIATE');
        w.open(nowIso);
      },
      (ok) => {
        if (!opened) return;
        w.close();
        if (ok) db.exec('COMMIT');
        else if (db.inTransaction) db.exec('ROLLBACK');
      },
      () => fn(facade),
    );
  }

  beginLoad(opts: { deferIndexes: boolean }): Promise<LoadScope> {
    return this.gate.op(() => {
      const db = this.db;
      if (opts.deferIndexes) deferIndexes(db);
      // A bigger page cache while writing: index pages stay in memory across a batch (per connection; restored after).
      const cacheSize = db.pragma('cache_size', { simple: true }) as number; // < 0: KiB, > 0: pages
      const cacheKib = cacheSize < 0 ? -cacheSize : (cacheSize * (db.pragma('page_size', { simple: true }) as number)) / 1024;
      if (cacheKib < INGEST_CACHE_KIB) db.pragma(`cache_size = -${INGEST_CACHE_KIB}`);
      return {
        end: () =>
          this.gate.op(() => {
            db.pragma(`cache_size = ${cacheSize}`);
            restoreIndexes(db);
          }),
      };
    });
  }

  counts(): Promise<IngestCounts> {
    return this.gate.op(() => {
      const [files, runs, events] = this.countStmts.map((s) => s.get() as number);
      return { files, runs, events, quarantined: this.quarantineCount() };
    });
  }

  schemaVersion(): Promise<number> {
    return this.gate.op(() => schemaVersion(this.db));
  }

  checkIntegrity(): Promise<string> {
    return this.gate.op(() => this.db.pragma('integrity_check', { simple: true }) as string);
  }

  close(): Promise<void> {
    return this.gate.op(() => {
      this.db.close();
    });
  }
}

/** Opens (creating and migrating) the store in a SQLite file; ':memory:' for a throwaway one. */
export function openStore(file: string, options: StoreOptions = {}): Store {
  return new SqliteStore(openDb(file, options));
}
