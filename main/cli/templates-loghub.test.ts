/**
 * Grouping accuracy on real logs: loghub's standard log-parsing benchmark (fixtures in
 * main/engine/health/templates/fixtures/loghub, loghub's licence in its README), each line's true
 * event id from loghub's structured file. Each fixture is a whole 2 000-line sample, so the
 * figures are comparable with the published ones and are printed beside Drain's (Zhu et al. 2019),
 * with the average over the datasets present.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { groupingAccuracy } from '../engine/health/templates/accuracy';
import { mineTemplates } from '../engine/health/templates/miner';

// Here rather than beside the miner: the engine's tests do no I/O.
const DIR = join(__dirname, '..', 'engine', 'health', 'templates', 'fixtures', 'loghub');

/** Drain's grouping accuracy per dataset, Zhu et al. 2019 ("Tools and Benchmarks for Automated Log Parsing", table of accuracies). */
const DRAIN: Record<string, number> = {
  HDFS: 0.998, Hadoop: 0.948, Spark: 0.92, Zookeeper: 0.967, OpenStack: 0.733, BGL: 0.963, HPC: 0.887,
  Thunderbird: 0.955, Windows: 0.997, Linux: 0.69, Mac: 0.787, Android: 0.911, HealthApp: 0.78,
  Apache: 1, OpenSSH: 0.788, Proxifier: 0.527,
};
const DRAIN_AVERAGE = 0.865;

/** Reads `EventId<TAB>Content` lines from `<file>` (gunzipped when it ends in .gz). */
function load(file: string): { messages: string[]; truth: number[]; events: number } {
  const raw = readFileSync(join(DIR, file));
  const text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  const ids = new Map<string, number>();
  const messages: string[] = [];
  const truth: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line) return;
    const tab = line.indexOf('\t');
    if (tab < 1) throw new Error(`${file} line ${i + 1}: expected "EventId<TAB>Content"`);
    const id = line.slice(0, tab);
    if (!ids.has(id)) ids.set(id, ids.size);
    truth.push(ids.get(id)!);
    messages.push(line.slice(tab + 1));
  });
  return { messages, truth, events: ids.size };
}

function measure(file: string): { acc: number; lines: number; events: number; mined: number } {
  const { messages, truth, events } = load(file);
  const { assignments, templates } = mineTemplates(messages);
  return { acc: groupingAccuracy(assignments, truth), lines: messages.length, events, mined: templates.length };
}

// Just under the accuracy each whole sample reaches today, so a regression of a few lines fails.
const FULL_FLOOR: Record<string, number> = {
  Apache: 1, Linux: 0.926, Proxifier: 0.999, OpenSSH: 0.999, Zookeeper: 0.989, HDFS: 0.999, HPC: 0.952, OpenStack: 0.901,
  HealthApp: 0.73, Spark: 0.996, BGL: 0.979, Windows: 0.999, Hadoop: 0.966, Thunderbird: 0.964, Android: 0.9, Mac: 0.892,
};
/**
 * The samples the miner's rules were never looked at or tuned on (added after the miner was
 * written, measured once): the fair estimate of its accuracy on logs it has not seen. The other
 * eight (the first seven, and OpenStack, whose quoted request lines gave the quoted-phrase rule)
 * are tuning data.
 */
const HELD_OUT = new Set(['HealthApp', 'Spark', 'BGL', 'Windows', 'Hadoop', 'Thunderbird', 'Android', 'Mac']);

const fullFile = (name: string): string =>
  existsSync(join(DIR, `${name}_2k.tsv.gz`)) ? `${name}_2k.tsv.gz` : `${name}_2k.tsv`;

describe('grouping accuracy on whole loghub 2k samples', () => {
  const rows: { name: string; acc: number }[] = [];
  for (const name of Object.keys(FULL_FLOOR)) {
    it(name, () => {
      const { acc, lines, events, mined } = measure(fullFile(name));
      rows.push({ name, acc });
      console.log(
        `loghub ${name}: ${lines} lines, ${events} true events, ${mined} mined templates, ` +
          `grouping accuracy ${acc.toFixed(3)} (Drain, Zhu et al. 2019: ${DRAIN[name].toFixed(3)})`,
      );
      expect(lines).toBe(2000);
      expect(acc).toBeGreaterThanOrEqual(FULL_FLOOR[name]);
    });
  }
  afterAll(() => {
    if (rows.length === 0) return;
    const line = (label: string, of: { name: string; acc: number }[]) => {
      if (of.length === 0) return;
      const ours = of.reduce((s, r) => s + r.acc, 0) / of.length;
      const drain = of.reduce((s, r) => s + DRAIN[r.name], 0) / of.length;
      console.log(`loghub average, ${label} (${of.length}: ${of.map((r) => r.name).join(', ')}): ${ours.toFixed(3)}; Drain on the same ${drain.toFixed(3)}`);
    };
    line('all samples here', rows);
    line('held out (never tuned on)', rows.filter((r) => HELD_OUT.has(r.name)));
    line('tuning data', rows.filter((r) => !HELD_OUT.has(r.name)));
    console.log(`(Drain over all 16, published: ${DRAIN_AVERAGE})`);
  });
});
