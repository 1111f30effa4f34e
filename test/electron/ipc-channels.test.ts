import { describe, expect, expectTypeOf, it } from 'vitest';
import { contract, type EventName } from '../../core/api/contract.ts';
import {
  CALL_CHANNEL,
  EVENT_CHANNEL,
  IPC_EVENTS,
  type UnforwardedEvents,
} from '../../electron/ipc-channels.ts';

describe('IPC channels', () => {
  it('forward every event of the contract (checked by the compiler)', () => {
    // Type level: an event added to contract.events but not to IPC_EVENTS makes this `never`
    // check fail to typecheck (npm run typecheck), before any test runs.
    expectTypeOf<UnforwardedEvents>().toEqualTypeOf<never>();
    expectTypeOf<(typeof IPC_EVENTS)[number]>().toEqualTypeOf<EventName>();
    // And at run time, the same list.
    expect([...IPC_EVENTS].sort()).toEqual(Object.keys(contract.events).sort());
  });

  it('are two fixed, distinct channels in our namespace', () => {
    expect(CALL_CHANNEL).toBe('baton:call');
    expect(EVENT_CHANNEL).toBe('baton:event');
  });
});
