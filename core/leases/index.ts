// Leases: directory locks with an owner record and a TTL (docs/format.md "Leases").
export { acquireLease } from './acquire-lease.ts';
export { renewLease } from './renew-lease.ts';
export { releaseLease } from './release-lease.ts';
export { readLease } from './read-lease.ts';
export { listLeases } from './list-leases.ts';
export { withLease } from './with-lease.ts';
export { leaseState, DEFAULT_GRACE_MS, DEFAULT_SKEW_MARGIN_MS } from './lease-state.ts';
export { conflictMessage } from './conflict-message.ts';
export { resolveLeasePaths, type LeasePaths } from './lease-paths.ts';
export { DEFAULT_TTL_MS, DEFAULT_REAPER_TTL_MS } from './lease-record.ts';
export {
  LEASE_SCHEMA,
  LeaseOwnerSchema,
  LeaseRecordSchema,
  LeaseStateSchema,
  type LeaseOwner,
  type LeaseRecord,
  type LeaseState,
} from './lease-schema.ts';
export type {
  AcquireOptions,
  AcquireResult,
  AcquiredLease,
  ClassifyOptions,
  GuardView,
  LeaseConflict,
  LeaseView,
  ReleaseOptions,
  ReleaseResult,
} from './lease-types.ts';
