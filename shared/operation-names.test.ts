import { describe, expect, it } from 'vitest';
import { EVENT_CHANNEL, OPERATION_CHANNEL_PREFIX, OPERATION_GROUPS, OPERATION_NAMES, channelOf, isOperationName } from './operation-names';
import { operations } from './operations';

describe('operation name list', () => {
  it('names each operation once, in exactly one group', () => {
    expect(new Set(OPERATION_NAMES).size).toBe(OPERATION_NAMES.length);
    expect(OPERATION_NAMES.length).toBe(Object.values(OPERATION_GROUPS).reduce((n, g) => n + g.length, 0));
  });

  it('is the key set of the schema table', () => {
    expect([...OPERATION_NAMES].sort()).toEqual(Object.keys(operations).sort());
  });

  it('gives every operation its own channel under one prefix, distinct from the event channel', () => {
    const channels = OPERATION_NAMES.map(channelOf);
    expect(new Set(channels).size).toBe(channels.length);
    for (const c of channels) expect(c.startsWith(OPERATION_CHANNEL_PREFIX)).toBe(true);
    expect(channels).not.toContain(EVENT_CHANNEL);
  });

  it('recognises only listed names', () => {
    expect(isOperationName('listRuns')).toBe(true);
    for (const bad of ['getStrategies', 'toString', '__proto__', '', 42, undefined]) expect(isOperationName(bad)).toBe(false);
  });
});
