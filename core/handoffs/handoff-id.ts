import crypto from 'node:crypto';

/**
 * A new handoff id: `handoff-<UTC time to the millisecond>-<8 random hex>`. Ids sort by
 * creation time, and two handoffs created in the same millisecond (even by two processes)
 * still differ; creation also refuses to replace an existing id.
 *
 * @example
 * newHandoffId(); // 'handoff-20250101T120000123Z-9f3e2b8d'
 */
export function newHandoffId(now = Date.now()): string {
  const stamp = new Date(now).toISOString().replace(/[-:.]/g, '');
  return `handoff-${stamp}-${crypto.randomBytes(4).toString('hex')}`;
}
