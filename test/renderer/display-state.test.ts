import { describe, expect, it } from 'vitest';
import {
  agentDisplay,
  connectionDisplay,
  disconnectedMessage,
  handoffDisplay,
  isExpiringSoon,
  leaseDisplay,
  runDisplay,
} from '../../renderer/src/state/display-state.ts';
import { createTicker } from '../../renderer/src/state/ticker.ts';
import { agent, lease, T0 } from './support/fixtures.ts';

describe('lease display state', () => {
  it('turns stale the instant the countdown passes zero, before the engine says so', () => {
    const l = lease('a', { expires: T0 + 10_000, ttl: 600_000 });
    expect(leaseDisplay(l, T0 + 9_999).word).toBe('expiring soon');
    expect(leaseDisplay(l, T0 + 10_000)).toEqual({ tone: 'bad', word: 'stale' });
    expect(l.state).toBe('active');
  });

  it('warns "expiring soon" only under both 20% of the TTL and 60 s', () => {
    expect(isExpiringSoon(59_000, 600_000)).toBe(true);
    expect(isExpiringSoon(100_000, 600_000)).toBe(false); // under 20% but over 60 s
    expect(isExpiringSoon(30_000, 60_000)).toBe(false); // under 60 s but half the TTL left
    expect(isExpiringSoon(11_000, 60_000)).toBe(true);
    expect(isExpiringSoon(0, 60_000)).toBe(false); // that is stale, not soon
  });

  it('names every other state with a word and a tone', () => {
    expect(leaseDisplay({ ...lease('a'), state: 'stale' }, T0).word).toBe('stale');
    expect(leaseDisplay({ ...lease('a'), state: 'unrecorded', record: undefined }, T0)).toEqual({
      tone: 'diag',
      word: 'unrecorded',
    });
    expect(leaseDisplay({ ...lease('a'), state: 'malformed', record: undefined }, T0)).toEqual({
      tone: 'diag',
      word: 'malformed',
    });
    expect(leaseDisplay({ ...lease('a'), state: 'absent', record: undefined }, T0)).toEqual({
      tone: 'muted',
      word: 'released',
    });
    expect(
      leaseDisplay({ ...lease('a', { expires: T0 + 500_000 }), state: 'suspect-skew' }, T0).word,
    ).toBe('clock skew');
  });
});

describe('agent, run and handoff display', () => {
  it('reads an agent crashed once it misses its heartbeat timeout', () => {
    const a = agent('x', { last_seen_ms: T0, timeout_ms: 45_000 });
    expect(agentDisplay(a, T0 + 45_000).word).toBe('active');
    expect(agentDisplay(a, T0 + 45_001).word).toBe('crashed');
    expect(agentDisplay({ ...a, liveness: 'gone' }, T0).tone).toBe('muted');
  });

  it('says whether an agent record it cannot use is unreadable or malformed', () => {
    const bad = agent('x', { liveness: 'crashed', problem: 'agents/x.json: ...' });
    expect(agentDisplay({ ...bad, problem_reason: 'malformed' }, T0)).toEqual({
      tone: 'diag',
      word: 'malformed',
    });
    expect(agentDisplay({ ...bad, problem_reason: 'unreadable' }, T0).word).toBe('unreadable');
    expect(agentDisplay(bad, T0).word).toBe('malformed'); // an older engine: no reason given
  });

  it('calls a non-terminal run with an expired lease orphaned', () => {
    const run = {
      key: 'r',
      run_id: 'r',
      status: 'running' as const,
      lease_state: 'active' as const,
      lease_expires_at_ms: T0 + 1_000,
      orphaned: false,
      checkpoint_count: 0,
    };
    expect(runDisplay(run, T0).word).toBe('running');
    expect(runDisplay(run, T0 + 1_000).word).toBe('orphaned');
    expect(runDisplay({ ...run, status: 'succeeded' }, T0 + 5_000).word).toBe('succeeded');
  });

  it('marks a pending handoff overdue past its deadline', () => {
    const h = {
      key: 'h',
      id: 'h',
      state: 'pending' as const,
      from: 'a',
      to: 'b',
      message: 'm',
      created_at_ms: T0,
      deadline_ms: T0 + 100,
    };
    expect(handoffDisplay(h, T0).word).toBe('pending');
    expect(handoffDisplay(h, T0 + 100).word).toBe('overdue');
  });
});

describe('ticker', () => {
  it('is one interval for the whole app, in server time (local + offset)', () => {
    let local = T0;
    let tick: () => void = () => {};
    let intervals = 0;
    const ticker = createTicker({
      localNow: () => local,
      setInterval: (fn) => ((tick = fn), ++intervals),
      clearInterval: () => undefined,
    });
    ticker.start();
    ticker.start();
    expect(intervals).toBe(1);
    ticker.setOffset(2_500);
    expect(ticker.store.getState().now).toBe(T0 + 2_500);
    local += 250;
    tick();
    expect(ticker.store.getState().now).toBe(T0 + 2_750);
    expect(ticker.now()).toBe(T0 + 2_750);
  });
});

describe('connection display', () => {
  const open = { state: 'open', generation: 1, since_ms: T0 } as const;

  it('names the link to the monitor with a word', () => {
    expect(connectionDisplay(open, false, 'ready')).toEqual({ tone: 'ok', word: 'live' });
    expect(connectionDisplay(open, false, 'starting').word).toBe('starting');
    expect(connectionDisplay(open, true, 'ready').word).toBe('syncing');
    expect(connectionDisplay(open, true, 'unavailable').word).toBe('engine unavailable');
    expect(connectionDisplay({ state: 'connecting', attempt: 2 }, true, 'ready').word).toBe(
      'connecting',
    );
    const down = { state: 'closed', reason: 'cannot reach the monitor', fatal: false } as const;
    expect(connectionDisplay(down, true, 'ready')).toEqual({ tone: 'bad', word: 'disconnected' });
  });

  it('a refused token reads "not authorized", and says what to do instead of "retrying"', () => {
    const refused = {
      state: 'closed',
      reason:
        "not authorized: this link's token is not valid (the monitor may have restarted); open the URL the monitor printed",
      fatal: true,
      unauthorized: true,
    } as const;
    expect(connectionDisplay(refused, true, 'ready')).toEqual({
      tone: 'bad',
      word: 'not authorized',
    });
    expect(disconnectedMessage(refused)).toBe(
      "Not authorized: this link's token is not valid (the monitor may have restarted); open the URL the monitor printed.",
    );
    expect(
      disconnectedMessage({
        state: 'closed',
        reason: 'cannot reach the monitor',
        fatal: false,
        retry_at_ms: T0 + 500,
      }),
    ).toBe('Disconnected from the monitor: cannot reach the monitor. Retrying automatically.');
  });
});
