import { describe, expect, it } from 'vitest';
import { payloadSummary } from '../../../core/unsettled/payload-summary.ts';
import { unsettledCounts, unsettledSummary } from '../../../core/unsettled/unsettled-summary.ts';

describe('unsettledCounts', () => {
  it('counts each bucket under the short names, a missing bucket as 0', () => {
    expect(
      unsettledCounts({
        suspended_subagents: [{}],
        queued_triggers: [{}, {}],
        partial_handoffs: [{}, {}, {}],
        pool_pending_tasks: [{}, {}, {}, {}],
      }),
    ).toEqual({ suspended: 1, queued: 2, partial: 3, in_flight: 0, pool_pending: 4 });
  });
});

describe('unsettledSummary', () => {
  it('says "no unsettled work" when every bucket is empty', () => {
    expect(unsettledSummary({})).toBe('no unsettled work');
    expect(
      unsettledSummary({ suspended: 0, queued: 0, partial: 0, in_flight: 0, pool_pending: 0 }),
    ).toBe('no unsettled work');
  });

  it('names every count in the fixed order once any bucket has work', () => {
    expect(unsettledSummary({ in_flight_llm_calls: [{}] })).toBe(
      'unsettled work: 0 suspended subagents, 0 queued triggers, 0 partial handoffs, 1 in-flight llm calls, 0 pool pending tasks',
    );
    expect(
      unsettledSummary({ suspended: 2, queued: 3, partial: 1, in_flight: 0, pool_pending: 5 }),
    ).toBe(
      'unsettled work: 2 suspended subagents, 3 queued triggers, 1 partial handoffs, 0 in-flight llm calls, 5 pool pending tasks',
    );
  });

  it('counts a lone pool task or suspended subagent as unsettled', () => {
    expect(unsettledSummary({ pool_pending_tasks: [{}] })).toMatch(/^unsettled work: .*1 pool/);
    expect(unsettledSummary({ suspended_subagents: [{}] })).toMatch(/^unsettled work: 1 susp/);
  });
});

describe('payloadSummary', () => {
  it('writes scalars as the seed does', () => {
    expect(payloadSummary(null)).toBe('nil');
    expect(payloadSummary(undefined)).toBe('nil');
    expect(payloadSummary(true)).toBe('true');
    expect(payloadSummary(42)).toBe('42');
    expect(payloadSummary(1.5)).toBe('1.5');
    expect(payloadSummary('short')).toBe('short');
  });

  it('cuts strings at 80 characters (code points) and marks the cut', () => {
    expect(payloadSummary('a'.repeat(80))).toBe('a'.repeat(80));
    expect(payloadSummary('a'.repeat(81))).toBe(`${'a'.repeat(80)}...`);
    // 81 astral characters are 162 UTF-16 units: the cut still falls after 80 characters.
    expect(payloadSummary('😀'.repeat(81))).toBe(`${'😀'.repeat(80)}...`);
  });

  it('describes lists by length and objects by at most six sorted keys', () => {
    expect(payloadSummary([])).toBe('list(len=0)');
    expect(payloadSummary([1, 2, 3])).toBe('list(len=3)');
    expect(payloadSummary({})).toBe('object(keys=)');
    expect(payloadSummary({ b: 1, a: 2 })).toBe('object(keys=a,b)');
    expect(payloadSummary({ g: 1, f: 1, e: 1, d: 1, c: 1, b: 1 })).toBe('object(keys=b,c,d,e,f,g)');
    expect(payloadSummary({ g: 1, f: 1, e: 1, d: 1, c: 1, b: 1, a: 1 })).toBe(
      'object(keys=a,b,c,d,e,f,...)',
    );
  });
});
