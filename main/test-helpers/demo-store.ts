/** A fixture with the demo (seed 3, ending DEMO_NOW) written and ingested: the shared setup of the core's analysis tests. */
import { generateDemo } from '../demo/generate-demo';
import { ingestFolder } from '../ingest/ingest-folder';
import { fixture, type Fixture } from '../ingest/test-helpers';

export const DEMO_NOW = Date.parse('2026-11-20T12:00:00Z');

export async function ingestedDemo(): Promise<Fixture> {
  const fx = fixture();
  generateDemo(fx.root, { seed: 3, now: DEMO_NOW });
  await ingestFolder(fx.store, fx.root, { now: DEMO_NOW });
  return fx;
}
