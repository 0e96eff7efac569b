import { describe, expect, it } from 'vitest';
import type { ConsideredArm } from '../../shared/domain';
import { writeConsidered } from './analyze';

const arm = (field: ConsideredArm['field'], value: string, kind: ConsideredArm['reason_kind']): ConsideredArm => ({
  category: field === 'prompt_strategy' ? 'strategy' : 'model', field, value, reason_kind: kind, reason: `${value} is ${kind}`, evidence: {},
});

describe('analyze text output: considered arms', () => {
  it('shows two arms per setting and reason in full and names the rest on one line', () => {
    let out = '';
    const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: () => true } } as never;
    writeConsidered(io, [
      arm('model', 'a', 'confounded'), arm('model', 'b', 'confounded'), arm('model', 'c', 'confounded'), arm('model', 'd', 'confounded'),
      arm('model', 'e', 'qa_risk'), arm('prompt_strategy', 's', 'confounded'),
    ]);
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toContain('model = a (confounded) — a is confounded');
    expect(lines[1]).toContain('model = b');
    expect(lines[2]).toBe('  considered, not recommended: 2 more model value(s) for the same reason (confounded): c, d (--json has each one\'s reason)');
    expect(lines[3]).toContain('model = e (qa_risk)');
    expect(lines[4]).toContain('prompt_strategy = s (confounded)');
  });
});
