import { BatonError } from '../errors.ts';
import { validateName } from '../files/names.ts';
import { payloadSummary } from './payload-summary.ts';
import {
  UNSETTLED_SCHEMA,
  UnsettledRecordSchema,
  type UnsettledRecord,
} from './unsettled-schema.ts';
import { BUCKET_NAMES, type UnsettledBuckets } from './unsettled-summary.ts';
import { updateUnsettled } from './update-unsettled.ts';

/** Top-level keys a published document may carry besides the buckets (all rewritten). */
const RECORD_KEYS = new Set(['schema', 'pipeline_id', 'updated_at_ms', 'envelope_seq']);

/**
 * Publish a pipeline's unsettled work to `unsettled/<pipeline_id>.json` (tmp+rename). Buckets
 * given replace that bucket; buckets left out keep what the file had (so a pipeline can mix
 * this with {@link recordPartialHandoff}); pass `[]` to clear one. The whole input is
 * validated before anything is written: every item must be a JSON object, every partial
 * handoff needs `envelope_id` and `queued_at_ms`, and unknown top-level keys are refused (a
 * misspelt bucket would otherwise be silently ignored). The pipeline is the single writer of
 * its file.
 *
 * @example
 * publishUnsettled('/coord', 'nightly', {
 *   queued_triggers: [{ id: 'trigger://cron/1', queued_at_ms: Date.now() }],
 *   in_flight_llm_calls: [],
 * });
 */
export function publishUnsettled(
  dir: string,
  pipelineId: string,
  buckets: Partial<UnsettledBuckets> & Record<string, unknown>,
  options: { now?: number } = {},
): UnsettledRecord {
  validateName('pipeline id', pipelineId);
  const given = checkDocument(pipelineId, buckets);
  return updateUnsettled(dir, pipelineId, (record) => Object.assign(record, given), options.now);
}

/** Validate the published document; return only the buckets it sets. */
function checkDocument(
  pipelineId: string,
  doc: Record<string, unknown>,
): Partial<Pick<UnsettledRecord, (typeof BUCKET_NAMES)[number]>> {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new BatonError('invalid_argument', 'unsettled buckets must be a JSON object');
  }
  const bucketNames = new Set<string>(BUCKET_NAMES);
  for (const key of Object.keys(doc)) {
    if (!bucketNames.has(key) && !RECORD_KEYS.has(key)) {
      throw new BatonError(
        'invalid_argument',
        `unsettled document: unknown key ${JSON.stringify(key)} (buckets are ${BUCKET_NAMES.join(', ')})`,
        { key },
      );
    }
  }
  if (doc.schema !== undefined && doc.schema !== UNSETTLED_SCHEMA) {
    throw new BatonError(
      'invalid_argument',
      `unsettled document: schema ${JSON.stringify(doc.schema)} is not ${UNSETTLED_SCHEMA}`,
    );
  }
  if (doc.pipeline_id !== undefined && doc.pipeline_id !== pipelineId) {
    throw new BatonError(
      'invalid_argument',
      `unsettled document: pipeline_id ${JSON.stringify(doc.pipeline_id)} does not match ${JSON.stringify(pipelineId)}`,
    );
  }
  const probe: Record<string, unknown> = {
    schema: UNSETTLED_SCHEMA,
    pipeline_id: pipelineId,
    updated_at_ms: 0,
  };
  for (const name of BUCKET_NAMES) if (doc[name] !== undefined) probe[name] = doc[name];
  const parsed = UnsettledRecordSchema.safeParse(probe);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BatonError(
      'invalid_argument',
      `unsettled document: ${issue?.path.join('.') || 'document'}: ${issue?.message ?? 'invalid'}`,
      { path: issue?.path.join('.') },
    );
  }
  const out: Partial<Pick<UnsettledRecord, (typeof BUCKET_NAMES)[number]>> = {};
  for (const name of BUCKET_NAMES) {
    if (doc[name] === undefined) continue;
    if (name === 'partial_handoffs') {
      out.partial_handoffs = parsed.data.partial_handoffs.map((envelope) =>
        envelope.payload_summary === undefined && 'payload' in envelope
          ? { ...envelope, payload_summary: payloadSummary(envelope.payload) }
          : envelope,
      );
    } else {
      out[name] = parsed.data[name];
    }
  }
  return out;
}
