import { describe, expect, it } from 'vitest';
import {
  confirmBlockedReason,
  OUTCOME_UNKNOWN,
  phaseOnConnection,
  type Phase,
} from '../../renderer/src/components/action-phase.ts';
import { T0 } from './support/fixtures.ts';

const OPEN = { state: 'open' as const, generation: 3, since_ms: T0 };
const CLOSED = { state: 'closed' as const, reason: 'socket closed', fatal: false };

describe('confirm while the link is not live', () => {
  it('is blocked with a one-line reason while disconnected or catching up', () => {
    expect(confirmBlockedReason({ connection: OPEN, synced: true, status: undefined })).toBe(
      undefined,
    );
    expect(confirmBlockedReason({ connection: CLOSED, synced: false, status: undefined })).toMatch(
      /^Not connected to the monitor/,
    );
    expect(
      confirmBlockedReason({
        connection: { state: 'connecting', attempt: 2 },
        synced: false,
        status: undefined,
      }),
    ).toMatch(/^Not connected/);
    expect(confirmBlockedReason({ connection: OPEN, synced: false, status: undefined })).toMatch(
      /^Catching up/,
    );
  });
});

describe('a link that drops while an action runs', () => {
  const running: Phase = { at: 'running', generation: 3 };
  it('keeps waiting while the link it left on is open', () => {
    expect(phaseOnConnection(running, OPEN)).toBe(running);
  });

  it('says the outcome is unknown and to check the audit when the link drops or is replaced', () => {
    for (const connection of [CLOSED, { ...OPEN, generation: 4 }]) {
      const next = phaseOnConnection(running, connection);
      expect(next).toEqual({ at: 'failed', message: OUTCOME_UNKNOWN });
    }
    expect(OUTCOME_UNKNOWN).toMatch(/outcome is unknown: check the audit/);
  });

  it('leaves other phases alone', () => {
    const confirm: Phase = { at: 'confirm' };
    expect(phaseOnConnection(confirm, CLOSED)).toBe(confirm);
  });
});
