import type {
  AgentView,
  Delta,
  HandoffView,
  LeaseView,
  RoomView,
  Snapshot,
} from '../../../core/api/views.ts';

export const T0 = 1_700_000_000_000;

export function lease(
  resource: string,
  patch: Partial<LeaseView> & {
    expires?: number;
    ttl?: number;
    token?: string;
    holder?: string;
  } = {},
): LeaseView {
  const { expires, ttl, token, holder, ...rest } = patch;
  const ttlMs = ttl ?? 60_000;
  const expiresAt = expires ?? T0 + ttlMs;
  const owner = holder ?? 'builder-1';
  return {
    key: `locks/${resource}.lock.d`,
    resource_path: resource,
    lock_path: `locks/${resource}.lock.d`,
    state: 'active',
    holder: owner,
    record: {
      schema: 'harn.coordination.dir_lock.v1',
      resource_path: resource,
      lock_path: `locks/${resource}.lock.d`,
      record_path: `locks/${resource}.lock.d/owner.json`,
      token: token ?? `tok-${resource}`,
      owner: { id: owner, agent: owner },
      refs: [],
      acquired_at_ms: expiresAt - ttlMs,
      updated_at_ms: expiresAt - ttlMs,
      ttl_ms: ttlMs,
      expires_at_ms: expiresAt,
    },
    ...rest,
  };
}

export function agent(id: string, patch: Partial<AgentView> = {}): AgentView {
  return {
    key: `agents/${id}.json`,
    id,
    name: id,
    liveness: 'active',
    last_seen_ms: T0,
    timeout_ms: 45_000,
    held_leases: [],
    held_paths: {},
    ...patch,
  };
}

/** A pending handoff from builder-1 to reviewer, created at T0 unless patched. */
export function handoff(id: string, patch: Partial<HandoffView> = {}): HandoffView {
  return {
    key: id,
    id,
    state: 'pending',
    from: 'builder-1',
    to: 'reviewer',
    message: 'PR ready',
    created_at_ms: T0,
    ...patch,
  };
}

/** A room by its key (`scope/scope_id/room`), empty unless patched. */
export function room(key: string, patch: Partial<RoomView> = {}): RoomView {
  const [scope = 'session', scope_id = 's1', name = 'general'] = key.split('/');
  return {
    key,
    scope: scope as RoomView['scope'],
    scope_id,
    room: name,
    message_count: 0,
    size_bytes: 0,
    consumers: [],
    pending_requests: [],
    kinds: {},
    ...patch,
  };
}

export function snapshot(patch: Partial<Snapshot> = {}): Snapshot {
  return {
    seq: 0,
    server_time_ms: T0,
    status: {
      state: 'ready',
      dir: '/coord',
      watching: 'events',
      indexing: { done_bytes: 0, total_bytes: 0, complete: true },
    },
    leases: [],
    agents: [],
    rooms: [],
    runs: [],
    handoffs: [],
    barriers: [],
    unsettled: [],
    attention: [],
    diagnostics: [],
    ...patch,
  };
}

export function delta(seq: number, changes: Delta['changes'], server_time_ms = T0): Delta {
  return { seq, server_time_ms, changes };
}

export function upsertLease(l: LeaseView): Delta['changes'][number] {
  return { op: 'upsert', entity: 'lease', key: l.key, value: l };
}
