import { describe, expect, it } from 'vitest';
import { sleepSync } from '../../../core/files/sleep-sync.ts';

describe('sleepSync', () => {
  it('blocks for about the given time', () => {
    const started = performance.now();
    sleepSync(30);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('returns at once for zero or negative times', () => {
    const started = performance.now();
    sleepSync(0);
    sleepSync(-5);
    expect(performance.now() - started).toBeLessThan(20);
  });
});
