import type { z } from 'zod';
import {
  contract,
  ContractError,
  parseRequestInput,
  type EventName,
  type EventPayload,
  type MonitorClient,
  type RemoteError,
  type RequestInput,
  type RequestName,
  type RequestOutput,
} from './contract.ts';

/**
 * One client of the monitor contract over any carrier (Electron IPC, WebSocket, in process).
 * The carrier moves frames; the client owns the contract: it parses inputs before sending,
 * parses every result and pushed event with the contract's schemas on receipt (a carrier is a
 * trust boundary in both directions), and turns remote errors into `ContractError`s with their
 * code. The UI and the Node contract tests use this same client.
 */

/** A connection's life as the UI shows it. `generation` grows on every (re)open: resync then. */
export type ConnectionState =
  | { state: 'connecting'; attempt: number }
  | { state: 'open'; generation: number; since_ms: number }
  | {
      state: 'closed';
      reason: string;
      /** When the next attempt starts (local ms), if one is scheduled. */
      retry_at_ms?: number;
      /** True when retrying cannot help (e.g. the token was refused). */
      fatal: boolean;
      /** The server refused this client's token: only a new link helps (fatal too). */
      unauthorized?: boolean;
    };

/** The reply to one call, in the wire's frame shapes without the id. */
export type CarrierReply =
  { type: 'result'; result: unknown } | { type: 'error'; error: RemoteError };

/** Moves calls and events; knows nothing of the contract's schemas. */
export interface Carrier {
  readonly kind: 'ipc' | 'websocket' | 'in-process';
  /** Rejects only when the carrier fails; remote errors resolve as an `error` reply. */
  call(method: string, input: unknown): Promise<CarrierReply>;
  onEvent(listener: (event: string, payload: unknown) => void): () => void;
  connection(): ConnectionState;
  onConnection(listener: (state: ConnectionState) => void): () => void;
  close(): void;
}

/** A protocol problem the client dropped (an event or result that failed its schema). */
export type ProtocolProblem = { where: string; message: string };

export type BatonClient = MonitorClient & {
  readonly carrier: Carrier['kind'];
  connection(): ConnectionState;
  onConnection(listener: (state: ConnectionState) => void): () => void;
  onProtocolProblem(listener: (problem: ProtocolProblem) => void): () => void;
  close(): void;
};

export function createClient(carrier: Carrier): BatonClient {
  const problemListeners = new Set<(problem: ProtocolProblem) => void>();
  const eventListeners = new Map<EventName, Set<(payload: unknown) => void>>();

  function report(problem: ProtocolProblem): void {
    for (const listener of problemListeners) listener(problem);
  }

  async function request<K extends RequestName>(
    name: K,
    input: RequestInput<K>,
  ): Promise<RequestOutput<K>> {
    // Parsing here too fills defaults and fails fast with the same message the server would give.
    const parsedInput = parseRequestInput(name, input);
    let reply: CarrierReply;
    try {
      reply = await carrier.call(name, parsedInput);
    } catch (error) {
      throw new ContractError('unavailable', `${name}: ${errorMessage(error)}`);
    }
    if (reply.type === 'error') throw new ContractError(reply.error.code, reply.error.message);
    const schema = contract.requests[name].output as z.ZodType;
    const parsed = schema.safeParse(reply.result);
    if (!parsed.success) {
      const message = `${name}: the monitor's reply does not fit the contract (${firstIssue(parsed.error)})`;
      report({ where: name, message });
      throw new ContractError('internal', message);
    }
    return parsed.data as RequestOutput<K>;
  }

  // One carrier subscription for all listeners, so a large delta is parsed once.
  const unsubscribeCarrier = carrier.onEvent((event, payload) => {
    if (!Object.hasOwn(contract.events, event)) return;
    const name = event as EventName;
    const listeners = eventListeners.get(name);
    if (!listeners || listeners.size === 0) return;
    const parsed = (contract.events[name] as z.ZodType).safeParse(payload);
    if (!parsed.success) {
      report({ where: `event ${name}`, message: firstIssue(parsed.error) });
      return;
    }
    for (const listener of listeners) listener(parsed.data);
  });

  const requests: { [K in RequestName]: (input: RequestInput<K>) => Promise<RequestOutput<K>> } = {
    info: (input) => request('info', input),
    snapshot: (input) => request('snapshot', input),
    roomMessages: (input) => request('roomMessages', input),
    search: (input) => request('search', input),
    runDetail: (input) => request('runDetail', input),
    agentDetail: (input) => request('agentDetail', input),
    timeline: (input) => request('timeline', input),
    audit: (input) => request('audit', input),
    releaseLease: (input) => request('releaseLease', input),
    acceptHandoff: (input) => request('acceptHandoff', input),
    declineHandoff: (input) => request('declineHandoff', input),
    ackPartialHandoff: (input) => request('ackPartialHandoff', input),
    markAgentGone: (input) => request('markAgentGone', input),
    postMessage: (input) => request('postMessage', input),
  };

  return {
    ...requests,
    carrier: carrier.kind,
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      let set = eventListeners.get(event);
      if (!set) eventListeners.set(event, (set = new Set()));
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    connection: () => carrier.connection(),
    onConnection: (listener) => carrier.onConnection(listener),
    onProtocolProblem(listener) {
      problemListeners.add(listener);
      return () => problemListeners.delete(listener);
    },
    close() {
      unsubscribeCarrier();
      eventListeners.clear();
      carrier.close();
    },
  };
}

/**
 * Where a pushed delta stands against the last sequence number applied:
 * `next` apply it; `old` already folded in (e.g. into the snapshot), drop it;
 * `gap` one or more deltas were missed (or nothing is applied yet): resync with `snapshot`.
 */
export type SequenceVerdict = 'next' | 'old' | 'gap';

export function checkSequence(lastSeq: number | undefined, seq: number): SequenceVerdict {
  if (lastSeq === undefined) return 'gap';
  if (seq === lastSeq + 1) return 'next';
  if (seq <= lastSeq) return 'old';
  return 'gap';
}

/**
 * Delay before reconnect attempt `attempt` (0-based): exponential from `baseMs`, capped at
 * `maxMs`, with "equal jitter" (half fixed, half random) so a restarted server is not hit by
 * every window at the same instant yet the first retry stays quick.
 */
export function backoffDelay(
  attempt: number,
  options: { baseMs?: number; maxMs?: number; random?: () => number } = {},
): number {
  const base = options.baseMs ?? 250;
  const max = options.maxMs ?? 8_000;
  const random = options.random ?? Math.random;
  const ceiling = Math.min(max, base * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const where = issue.path.length > 0 ? issue.path.join('.') : 'value';
  return `${where}: ${issue.message}`;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
