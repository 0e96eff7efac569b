import { describe, expect, it } from 'vitest';
import { evidenceEntries, formatRelative, formatScore, labelText, labelTone } from './learning-text';

describe('learning page text', () => {
  it('labels read as words with a tone per meaning', () => {
    expect(labelText('needs_minor_fixes')).toBe('Needs minor fixes');
    expect(labelText(null)).toBe('–');
    expect([labelTone('excellent'), labelTone('acceptable'), labelTone('poor'), labelTone('not_enough_runs'), labelTone('whatever')]).toEqual(['good', 'warn', 'bad', 'muted', 'muted']);
  });

  it('relative changes are signed percentages; scores keep three decimals', () => {
    expect(formatRelative(0.234)).toBe('+23%');
    expect(formatRelative(-0.1)).toBe('−10%');
    expect(formatRelative(0.001)).toBe('0%');
    expect(formatRelative(null)).toBe('–');
    expect(formatScore(0.09334)).toBe('0.093');
    expect(formatScore(Number.NaN)).toBe('–');
  });

  it('evidence entries leave out the summary and nulls, and print nested values as JSON', () => {
    expect(evidenceEntries({ summary: 's', override_rate: 0.702702, n: 37, examples: ['a', 'b'], none: null })).toEqual([
      ['override rate', '0.7027'],
      ['n', '37'],
      ['examples', '["a","b"]'],
    ]);
  });
});
