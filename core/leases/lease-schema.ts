import { z } from 'zod';

export const LEASE_SCHEMA = 'harn.coordination.dir_lock.v1';

/** Who holds a lease. `id` is required; the rest say which agent, session, worker or run. */
export const LeaseOwnerSchema = z.looseObject({
  id: z.string().min(1),
  agent: z.string().optional(),
  session_id: z.string().optional(),
  worker_id: z.string().optional(),
  run_id: z.string().optional(),
  pid: z.number().int().optional(),
  host: z.string().optional(),
});
export type LeaseOwner = z.infer<typeof LeaseOwnerSchema>;

/** `owner.json` inside `<resource>.lock.d/` (the seed's dir-lock record, same field names). */
export const LeaseRecordSchema = z.looseObject({
  schema: z.literal(LEASE_SCHEMA),
  resource_path: z.string(),
  lock_path: z.string(),
  record_path: z.string(),
  token: z.string().min(1),
  owner: LeaseOwnerSchema,
  reason: z.string().optional(),
  refs: z.array(z.unknown()).default([]),
  acquired_at_ms: z.number().int(),
  updated_at_ms: z.number().int(),
  ttl_ms: z.number().int().nonnegative(),
  expires_at_ms: z.number().int(),
  /** Count of successful renewals (Baton addition; absent in records from other writers). */
  renewals: z.number().int().nonnegative().optional(),
});
export type LeaseRecord = z.infer<typeof LeaseRecordSchema>;

/** Every state a reader derives for a lock directory. */
export const LeaseStateSchema = z.enum([
  'absent',
  'acquiring',
  'unrecorded',
  'malformed',
  'active',
  'stale',
  'suspect-skew',
]);
export type LeaseState = z.infer<typeof LeaseStateSchema>;
