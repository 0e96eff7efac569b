// One behavioural test per grouping rule of the miner (brain.ts, variable-tails.ts, miner.ts):
// messages in, the expected grouping out.
import { describe, expect, it } from 'vitest';
import { generateCorpus } from './fixtures/generate-corpus.mjs';
import { mineTemplates } from './miner';

/** Repeats `make(k)` for k = 0 … n − 1. */
const times = (n: number, make: (k: number) => string): string[] => Array.from({ length: n }, (_, k) => make(k));

/** The template text of every message. */
function templatesOf(messages: readonly string[]): string[] {
  const { templates, assignments } = mineTemplates(messages);
  return Array.from(assignments, (a) => templates[a].template);
}

/** The distinct templates, most messages first. */
function distinct(messages: readonly string[]): string[] {
  const { templates } = mineTemplates(messages);
  return [...templates].sort((a, b) => b.count - a.count).map((t) => t.template);
}

const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];

describe('a varying column: constants or a variable', () => {
  it('a handful of words, one of them repeated, are constants naming events; many words are a variable', () => {
    const failed = times(20, (k) => `Failed password for ${USERS[k % 6]} from 10.0.0.${k} port ${4000 + k} ssh2`);
    const accepted = [`Accepted password for alice from 10.0.0.99 port 4999 ssh2`];
    expect(distinct([...failed, ...accepted])).toEqual([
      'Failed password for <*> from <IP> port <NUM> <ID>',
      'Accepted password for alice from <IP> port <NUM> <ID>',
    ]);
  });

  it('two or three words seen once each are still one variable (no evidence they are constants)', () => {
    expect(new Set(templatesOf(['Unknown tool read_file requested by planner', 'Unknown tool write_file requested by builder'])).size).toBe(1);
  });

  it('three words, each repeated, split; the same column with four or more values does not', () => {
    const three = times(9, (k) => `job finished with state ${['done', 'failed', 'killed'][k % 3]} after retry`);
    expect(distinct(three)).toHaveLength(3);
    const four = times(12, (k) => `job finished with state ${['done', 'failed', 'killed', 'lost'][k % 4]} after retry`);
    expect(distinct(four)).toEqual(['job finished with state <*> after retry']);
  });

  it('where masking found data in most messages, the words in that column are data too', () => {
    const ids = times(10, (k) => `reverse mapping for host-${k}.example.net [10.0.0.${k}] failed`);
    const words = times(2, () => 'reverse mapping for ns.example.com [10.0.1.1] failed');
    expect(distinct([...ids, ...words])).toEqual(['reverse mapping for <*> <LIST> failed']);
  });

  it('where data is the exception, the words are constants: HTTPS beside SOCKS5 (an <ID>)', () => {
    const https = times(20, (k) => `10.1.0.${k}:443 open through proxy proxy.example.com HTTPS`);
    const socks = times(2, (k) => `10.1.1.${k}:22 open through proxy proxy.example.com SOCKS5`);
    expect(distinct([...https, ...socks])).toEqual(['<IP> open through proxy proxy.example.com HTTPS', '<IP> open through proxy proxy.example.com <ID>']);
  });

  it('when few other words remain, the varying word is the message: split whatever the number of values', () => {
    const actions = ['boot', 'wait', 'halt', 'risBoot', 'clusterAddMember'];
    const msgs = actions.flatMap((a, i) => times(i + 1, (k) => `${a} (command ${1900 + k})`));
    expect(distinct(msgs)).toHaveLength(5);
    // …up to a point: thirty different words there are a variable all the same.
    const many = times(30, (k) => `${'abcdefghijklmnopqrstuvwxyzABCD'[k].repeat(4)}ing (command ${k})`);
    expect(distinct(many)).toEqual(['<*> (command <NUM>)']);
    // With three other words the same five values are a variable.
    const tools = actions.flatMap((a, i) => times(i + 1, (k) => `unknown tool ${a} requested (command ${1900 + k})`));
    expect(distinct(tools)).toEqual(['unknown tool <*> requested (command <NUM>)']);
  });

  it('placeholders of different kinds in one token are one value; "()" is that slot, empty', () => {
    const hex = times(3, (k) => `Connection broken for id 0x1f3a${k}, my id = ${k}`);
    const num = times(3, (k) => `Connection broken for id ${42 + k}, my id = ${k}`);
    expect(distinct([...hex, ...num])).toEqual([
      'Connection broken for id <*> my id = <NUM>',
    ]);
    expect(distinct(['connection from 10.0.0.1 (host-1.example.net) at noon', 'connection from 10.0.0.2 () at noon', 'connection from 10.0.0.3 () at noon'])).toEqual([
      'connection from <IP> <*> at noon',
    ]);
  });
});

describe('messages of different lengths', () => {
  it('a run of one placeholder is one list value', () => {
    expect(distinct(['BLOCK* ask 10.0.0.1:50010 to delete blk_1', 'BLOCK* ask 10.0.0.2:50010 to delete blk_1 blk_2 blk_3'])).toEqual([
      'BLOCK* ask <IP> to delete <ID>',
    ]);
  });

  it('a shared head that goes on in many ways, in several lengths, is one template ending in <*>', () => {
    const cmds = ['npm run build', 'make lint', 'pytest -x tests/', 'tsc --noEmit', 'git push origin HEAD'];
    const msgs = cmds.flatMap((c) => times(3, () => `Command failed: ${c}`));
    expect(distinct(msgs)).toEqual(['Command failed: <*>']);
  });

  it('…but two continuations are two templates, and a one-word head never merges', () => {
    expect(distinct([...times(3, () => 'Command failed: npm run build'), ...times(3, () => 'Command failed: make lint')])).toHaveLength(2);
    const oneWord = ['npm run build', 'make lint', 'pytest -x tests/', 'tsc --noEmit'].map((c) => `Failed: ${c}`);
    expect(distinct(oneWord.flatMap((m) => [m, m]))).toHaveLength(4);
  });
});

describe('order', () => {
  it('the same messages in another order get the same templates, ids and groups', () => {
    const { messages } = generateCorpus(3000, 5);
    const shuffled = messages.map((m, i) => [m, (i * 7919) % 3001] as const).sort((a, b) => a[1] - b[1]).map((x) => x[0]);
    const a = mineTemplates(messages);
    const b = mineTemplates(shuffled);
    const idOf = (r: ReturnType<typeof mineTemplates>, msgs: readonly string[]) => new Map(msgs.map((m, i) => [m, r.templates[r.assignments[i]].id]));
    expect(idOf(b, shuffled)).toEqual(idOf(a, messages));
    expect(new Set(b.templates.map((t) => `${t.id} ${t.count}`))).toEqual(new Set(a.templates.map((t) => `${t.id} ${t.count}`)));
  });
});
