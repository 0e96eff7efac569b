/** What linking a project to its config file asks of the store: where its runs were read. */
import type { Db } from './db';
import type { Async } from './async-boundary';

/** ConfigLinkStore as the SQLite implementation has it: synchronous. */
export interface ConfigLinkStoreSync {
  /** The run_logs root a project's runs were read from (any one of them); undefined without runs. */
  rootOfProject(projectId: string): string | undefined;
}

/** The boundary interface: each method one asynchronous unit of work. */
export type ConfigLinkStore = Async<ConfigLinkStoreSync>;

export class SqliteConfigLinkStore implements ConfigLinkStoreSync {
  private readonly s;
  constructor(db: Db) {
    this.s = { root: db.prepare('SELECT s.root FROM runs r JOIN sources s ON s.id = r.source_id WHERE r.project_id = ? LIMIT 1').pluck() };
  }

  rootOfProject(projectId: string): string | undefined {
    return this.s.root.get(projectId) as string | undefined;
  }
}
