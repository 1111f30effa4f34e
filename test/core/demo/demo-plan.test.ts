import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BatonError } from '../../../core/index.ts';
import {
  DEMO_DIRECTORY_NAME,
  demoThresholds,
  fleetRoster,
  parseDuration,
  resolveDemoOptions,
  scaledTiming,
} from '../../../core/demo/index.ts';
import { prepareDemoDirectory } from '../../../core/demo/demo-directory.ts';
import { agentIdFor, crashAfter, firstCrashSlot } from '../../../core/demo/fleet-plan.ts';
import { phrase, replyTo } from '../../../core/demo/phrases.ts';
import { createRng, deriveSeed } from '../../../core/demo/prng.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const tmp = useTempDir('demo-plan');

describe('demo plan', () => {
  it('parses durations with units or as milliseconds', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('1.5m')).toBe(90_000);
    expect(parseDuration('2500')).toBe(2500);
    for (const bad of ['', 'soon', '-1s', '0', '5 minutes']) {
      expect(() => parseDuration(bad)).toThrow(BatonError);
    }
  });

  it('validates options and applies defaults', () => {
    expect(resolveDemoOptions({})).toMatchObject({ agents: 5, speed: 1, seed: 1 });
    expect(() => resolveDemoOptions({ agents: 0 })).toThrow(/agents/);
    expect(() => resolveDemoOptions({ agents: 25 })).toThrow(/agents/);
    expect(() => resolveDemoOptions({ speed: 0 })).toThrow(/speed/);
    expect(() => resolveDemoOptions({ seed: -1 })).toThrow(/seed/);
    expect(() => resolveDemoOptions({ duration_ms: 0 })).toThrow(/duration/);
  });

  it('plays the same fleet for the same seed', () => {
    const a = createRng(deriveSeed(7, 'agent', 2, 0));
    const b = createRng(deriveSeed(7, 'agent', 2, 0));
    const phrasesA = Array.from({ length: 20 }, () => phrase(a, 'status'));
    const phrasesB = Array.from({ length: 20 }, () => phrase(b, 'status'));
    expect(phrasesA).toEqual(phrasesB);
    const other = createRng(deriveSeed(7, 'agent', 3, 0));
    expect(Array.from({ length: 20 }, () => phrase(other, 'status'))).not.toEqual(phrasesA);
    const timing = scaledTiming(1);
    const roster = fleetRoster(5);
    const plan = (seed: number) => roster.map((s) => crashAfter(seed, s, 0, 5, timing));
    expect(plan(7)).toEqual(plan(7));
  });

  it('answers a request in kind', () => {
    const rng = createRng(3);
    expect(replyTo(rng, 'can you rerun the e2e suite on fix/invoice-rounding?')).toMatch(
      /^done: the e2e suite green on fix\/invoice-rounding/,
    );
    expect(replyTo(rng, 'could you review src/auth/session.ts before I merge x?')).toMatch(
      /^looked at src\/auth\/session\.ts/,
    );
    expect(replyTo(rng, 'do you still need lib/http/retry.ts?')).toMatch(/^not anymore/);
  });

  it('always crashes one worker early, never the fixtures', () => {
    const timing = scaledTiming(1);
    for (const seed of [1, 2, 3, 42, 1000]) {
      const roster = fleetRoster(5);
      const first = roster[firstCrashSlot(seed, 5)]!;
      expect(first.slot).toBeGreaterThan(0);
      const at = crashAfter(seed, first, 0, 5, timing)!;
      expect(at).toBeGreaterThanOrEqual(timing.first_crash_min);
      expect(at).toBeLessThanOrEqual(timing.first_crash_max);
      for (const fixture of roster.filter((s) => s.role === 'legacy' || s.role === 'pipeline')) {
        expect(crashAfter(seed, fixture, 0, 5, timing)).toBeUndefined();
      }
    }
  });

  it('names the roster and restarted agents', () => {
    expect(fleetRoster(6).map((s) => s.base_id)).toEqual([
      'builder-1',
      'tester-1',
      'refactor-1',
      'builder-2',
      'docs-1',
      'tester-2',
      'legacy-bot',
      'pipeline-runner',
    ]);
    const slot = fleetRoster(2)[1]!;
    expect([0, 1, 2, 3].map((g) => agentIdFor(slot, g))).toEqual([
      'tester-1',
      'tester-1-r1',
      'tester-1',
      'tester-1-r3',
    ]);
  });

  it('scales timings and monitor thresholds with the speed', () => {
    expect(scaledTiming(2).lease_ttl).toBe(scaledTiming(1).lease_ttl / 2);
    expect(demoThresholds(10).request_unanswered_ms).toBe(800);
    expect(demoThresholds(1).clock_skew_ms).toBeUndefined();
  });

  it('runs only in a new, empty or earlier demo directory', () => {
    const fresh = prepareDemoDirectory(path.join(tmp(), 'new'));
    expect(JSON.parse(fs.readFileSync(path.join(fresh, 'baton.json'), 'utf8')).name).toBe(
      DEMO_DIRECTORY_NAME,
    );
    expect(prepareDemoDirectory(fresh)).toBe(fresh);
    const real = path.join(tmp(), 'real');
    fs.mkdirSync(path.join(real, 'agents'), { recursive: true });
    expect(() => prepareDemoDirectory(real)).toThrow(/refusing to run the demo fleet/);
    const temp = prepareDemoDirectory(undefined);
    try {
      expect(path.basename(temp)).toMatch(/^baton-demo-/);
    } finally {
      fs.rmSync(temp, { recursive: true, force: true });
    }
  });
});
