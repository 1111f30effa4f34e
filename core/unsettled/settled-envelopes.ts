import { readLifecycleAudit } from '../audit/lifecycle-audit.ts';
import type { LifecycleEntry } from '../audit/audit-schema.ts';
import type { Diagnostic } from '../files/diagnostic.ts';

/** The lifecycle kind that settles a partial handoff. */
export const HANDOFF_ACKNOWLEDGED = 'handoff_acknowledged';

export interface EnvelopeSettlement {
  envelope_id: string;
  decision: unknown;
  by: string | null;
  seq: number;
  ts_ms: number;
}

/**
 * Every acknowledged partial handoff in `audit/lifecycle.jsonl`, by pipeline id then envelope
 * id. An entry counts in either reading: the seed's `payload.envelope_id` or the top-level
 * `envelope_id` that format.md lists (Baton writes both). The first acknowledgement wins.
 *
 * @example
 * const { byPipeline } = settledEnvelopes('/coord');
 * byPipeline.get('nightly')?.has('envelope_2'); // true once acknowledged
 */
export function settledEnvelopes(dir: string): {
  byPipeline: Map<string, Map<string, EnvelopeSettlement>>;
  diagnostics: Diagnostic[];
} {
  const read = readLifecycleAudit(dir, { kind: HANDOFF_ACKNOWLEDGED });
  const byPipeline = new Map<string, Map<string, EnvelopeSettlement>>();
  for (const { entry } of read.entries) {
    const settlement = settlementOf(entry);
    if (!settlement || entry.pipeline_id === null) continue;
    let settled = byPipeline.get(entry.pipeline_id);
    if (!settled) byPipeline.set(entry.pipeline_id, (settled = new Map()));
    if (!settled.has(settlement.envelope_id)) settled.set(settlement.envelope_id, settlement);
  }
  return { byPipeline, diagnostics: read.diagnostics };
}

/** Read one acknowledgement entry in either shape; undefined if it names no envelope. */
export function settlementOf(entry: LifecycleEntry): EnvelopeSettlement | undefined {
  const payload =
    entry.payload !== null && typeof entry.payload === 'object'
      ? (entry.payload as Record<string, unknown>)
      : {};
  const envelopeId = payload.envelope_id ?? entry.envelope_id;
  if (typeof envelopeId !== 'string' || envelopeId === '') return undefined;
  const by = entry.by ?? payload.by;
  return {
    envelope_id: envelopeId,
    decision: payload.decision ?? entry.decision ?? null,
    by: typeof by === 'string' ? by : null,
    seq: entry.seq,
    ts_ms: entry.ts_ms,
  };
}
