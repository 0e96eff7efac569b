/**
 * Grouping accuracy on real logs: prefixes of six loghub 2k samples (fixtures in
 * main/engine/health/templates/fixtures/loghub, loghub's licence in its README), each line's
 * true event id from loghub's structured file.
 * A prefix is not the whole 2 000-line sample, so these numbers are not comparable with the
 * published full-sample figures (Drain ≈ 0.87 on average); they are printed and held to the
 * floor the miner reaches today.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupingAccuracy } from '../engine/health/templates/accuracy';
import { mineTemplates } from '../engine/health/templates/drain';

// Here rather than beside the miner: the engine's tests do no I/O.
const DIR = join(__dirname, '..', 'engine', 'health', 'templates', 'fixtures', 'loghub');

function load(name: string): { messages: string[]; truth: number[]; events: number } {
  const ids = new Map<string, number>();
  const messages: string[] = [];
  const truth: number[] = [];
  readFileSync(join(DIR, `${name}_2k.prefix.tsv`), 'utf8').split('\n').forEach((line, i) => {
    if (!line) return;
    const tab = line.indexOf('\t');
    if (tab < 1) throw new Error(`${name}_2k.prefix.tsv line ${i + 1}: expected "EventId<TAB>Content"`);
    const id = line.slice(0, tab);
    if (!ids.has(id)) ids.set(id, ids.size);
    truth.push(ids.get(id)!);
    messages.push(line.slice(tab + 1));
  });
  return { messages, truth, events: ids.size };
}

// The accuracy each dataset reaches today (rounded down), so a regression fails.
const FLOOR: Record<string, number> = { HDFS: 1, Apache: 1, OpenSSH: 1, Zookeeper: 1, Linux: 0.9, Proxifier: 0.54 };

describe('grouping accuracy on loghub samples (prefixes)', () => {
  for (const name of Object.keys(FLOOR)) {
    it(name, () => {
      const { messages, truth, events } = load(name);
      const { assignments, templates } = mineTemplates(messages);
      const acc = groupingAccuracy(assignments, truth);
      console.log(`loghub ${name}: ${messages.length} lines, ${events} true events, ${templates.length} mined templates, grouping accuracy ${acc.toFixed(3)}`);
      expect(acc).toBeGreaterThanOrEqual(FLOOR[name]);
    });
  }
});
