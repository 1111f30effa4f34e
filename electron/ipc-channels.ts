import type { EventName } from '../core/api/contract.ts';

/**
 * The IPC channels of the Electron shell, in one file (GitHub Desktop keeps every channel and its
 * type in one place too). There are exactly two: every contract request travels on
 * `CALL_CHANNEL` as `(method, input)`, every pushed event on `EVENT_CHANNEL` as
 * `(event, payload)`. No other channel is handled or listened to.
 */
export const CALL_CHANNEL = 'baton:call';
export const EVENT_CHANNEL = 'baton:event';

/**
 * The events the IPC transport forwards to the window: all of the contract's.
 *
 * @example
 * for (const event of IPC_EVENTS) service.on(event, (payload) => send(event, payload));
 */
export const IPC_EVENTS = ['delta', 'status'] as const satisfies readonly EventName[];

/** The contract's events this list forgets; `never` when it covers them all. */
export type UnforwardedEvents = Exclude<EventName, (typeof IPC_EVENTS)[number]>;

// Compile-time coverage: adding an event to `contract.events` without forwarding it over IPC
// fails to typecheck here (and in test/electron/ipc-channels.test.ts).
const _coversEveryEvent: [UnforwardedEvents] extends [never] ? true : UnforwardedEvents = true;
