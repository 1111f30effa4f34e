import { describe, expect, it } from 'vitest';
import { assertJsonValue } from '../../../core/runs/assert-json-value.ts';
import { jsonEqual } from '../../../core/runs/json-equal.ts';

describe('jsonEqual', () => {
  it('compares like JSON on disk: key order ignored, undefined properties absent', () => {
    expect(jsonEqual({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: '1' })).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
    expect(jsonEqual([], {})).toBe(false);
    expect(jsonEqual({ a: [1] }, { a: [1, 2] })).toBe(false);
  });
});

describe('assertJsonValue', () => {
  it('accepts plain JSON values and refuses what would not replay unchanged', () => {
    for (const ok of [
      undefined,
      null,
      0,
      'x',
      true,
      [1, 'a', null],
      { a: { b: [] }, skip: undefined },
    ]) {
      expect(() => assertJsonValue('v', ok)).not.toThrow();
    }
    const bad: [unknown, RegExp][] = [
      [Number.POSITIVE_INFINITY, /Infinity/],
      [[1, undefined], /\$\[1\] is undefined/],
      [{ when: new Date() }, /\$\.when is a Date/],
      [10n, /bigint/],
      [Symbol('s'), /symbol/],
    ];
    for (const [value, message] of bad) expect(() => assertJsonValue('v', value)).toThrow(message);
  });
});
