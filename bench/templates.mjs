// Template-mining speed: mines N synthetic error messages (default 1 000 000) and prints the
// time, the rate, the template count and the grouping accuracy. Target (issue 11 §3): 1 000 000
// messages in < 10 s. Not a test. Run with TypeScript sources through tsx:
//   node --import tsx bench/templates.mjs [--n 1000000] [--seed 7]
import { parseArgs } from 'node:util';
import { generateCorpus } from '../main/engine/health/templates/fixtures/generate-corpus.mjs';
import { mineTemplates } from '../main/engine/health/templates/miner.ts';
import { groupingAccuracy } from '../main/engine/health/templates/accuracy.ts';

const { values } = parseArgs({ options: { n: { type: 'string', default: '1000000' }, seed: { type: 'string', default: '7' } } });
const n = Number(values.n);
if (!(Number.isInteger(n) && n > 0)) {
  process.stderr.write('bench/templates: --n must be a whole number > 0.\n');
  process.exit(2);
}
const log = (s) => process.stdout.write(`${s}\n`);

let t0 = performance.now();
const { messages, truth } = generateCorpus(n, Number(values.seed));
log(`generated ${n.toLocaleString('en-US')} messages in ${((performance.now() - t0) / 1000).toFixed(2)} s (not counted)`);

t0 = performance.now();
const { templates, assignments } = mineTemplates(messages);
const seconds = (performance.now() - t0) / 1000;
const accuracy = groupingAccuracy(assignments, truth);
log(`mined ${n.toLocaleString('en-US')} messages in ${seconds.toFixed(2)} s (${Math.round(n / seconds).toLocaleString('en-US')} msg/s), ${templates.length} templates, grouping accuracy ${accuracy.toFixed(4)}`);
const target = 10 * (n / 1_000_000);
log(`${seconds < target ? 'PASS' : 'MISS'}: target < ${target.toFixed(2)} s for ${n.toLocaleString('en-US')} messages (10 s per million)`);
