import { appendLifecycleAudit, type LifecycleAppendReceipt } from '../audit/lifecycle-audit.ts';
import { BatonError } from '../errors.ts';
import { validateName } from '../files/names.ts';
import { readRecord } from '../files/read-record.ts';
import { layout } from '../layout.ts';
import { payloadSummary } from './payload-summary.ts';
import { HANDOFF_ACKNOWLEDGED, settledEnvelopes } from './settled-envelopes.ts';
import {
  UNSETTLED_SCHEMA,
  UnsettledRecordSchema,
  type PartialHandoff,
} from './unsettled-schema.ts';
import { envelopeSeqOf, updateUnsettled } from './update-unsettled.ts';

export interface PartialHandoffInput {
  /** The pipeline the work is handed to. */
  target_pipeline: string;
  /** Any JSON value; summarised for display as the seed does. */
  payload: unknown;
  /** The pipeline handing off; defaults to `pipelineId`, `null` for none. */
  origin_pipeline?: string | null;
}

/**
 * Record a partial handoff envelope in the pipeline's unsettled snapshot, as the seed's
 * `record_partial_handoff` does: the id is `envelope_<seq>` from a per-pipeline counter that
 * never goes back (kept in the file), so ids are deterministic for replay and never reused.
 * Stored fields: envelope_id, from, to, payload_summary, queued_at_ms, target_pipeline,
 * origin_pipeline, payload, seq (`age_ms` is derived by readers).
 *
 * @example
 * const envelope = recordPartialHandoff('/coord', 'ingest', { target_pipeline: 'review', payload: { pr: 7 } });
 * envelope.envelope_id; // 'envelope_1'
 */
export function recordPartialHandoff(
  dir: string,
  pipelineId: string,
  input: PartialHandoffInput,
  options: { now?: number } = {},
): PartialHandoff {
  validateName('pipeline id', pipelineId);
  if (typeof input.target_pipeline !== 'string' || input.target_pipeline === '') {
    throw new BatonError('invalid_argument', 'target_pipeline is required');
  }
  const origin = input.origin_pipeline === undefined ? pipelineId : input.origin_pipeline;
  if (origin !== null && (typeof origin !== 'string' || origin === '')) {
    throw new BatonError('invalid_argument', 'origin_pipeline must be a non-empty string or null');
  }
  const payload = input.payload === undefined ? null : input.payload;
  const now = options.now ?? Date.now();
  let envelope: PartialHandoff | undefined;
  updateUnsettled(
    dir,
    pipelineId,
    (record) => {
      const seq = envelopeSeqOf(record) + 1;
      record.envelope_seq = seq;
      envelope = {
        envelope_id: `envelope_${seq}`,
        from: origin,
        to: input.target_pipeline,
        payload_summary: payloadSummary(payload),
        queued_at_ms: now,
        target_pipeline: input.target_pipeline,
        origin_pipeline: origin,
        payload,
        seq,
      };
      record.partial_handoffs.push(envelope);
    },
    now,
  );
  return envelope!;
}

/**
 * Settle a partial handoff: append `{seq, kind:"handoff_acknowledged", payload:{envelope_id,
 * decision}, pipeline_id, ts_ms}` plus top-level `envelope_id`, `decision` and `by` to
 * `audit/lifecycle.jsonl`. The pipeline's own file is not touched (the pipeline is its only
 * writer); readers treat the envelope as settled from then on. Refused with `not_found` when
 * the pipeline does not list the envelope, and with `conflict` when it was already
 * acknowledged (checked under the log's append guard, so two operators cannot both settle it).
 *
 * @example
 * acknowledgePartialHandoff('/coord', 'ingest', 'envelope_1', { decision: 'drop', by: 'ana' });
 */
export function acknowledgePartialHandoff(
  dir: string,
  pipelineId: string,
  envelopeId: string,
  options: { decision: unknown; by: string; now?: number },
): LifecycleAppendReceipt {
  validateName('pipeline id', pipelineId);
  if (typeof envelopeId !== 'string' || envelopeId === '') {
    throw new BatonError('invalid_argument', 'envelope id is required');
  }
  validateName('by', options.by);
  const decision = options.decision;
  if (decision === undefined || decision === null || decision === '') {
    throw new BatonError('invalid_argument', 'decision is required');
  }
  const file = layout(dir).unsettledFile(pipelineId);
  const read = readRecord(file, UnsettledRecordSchema, UNSETTLED_SCHEMA);
  if (!read.ok) {
    if (read.absent) {
      throw new BatonError('not_found', `${file}: pipeline ${pipelineId} has no unsettled work`, {
        pipeline_id: pipelineId,
      });
    }
    throw new BatonError('unreadable', read.diagnostic.message, { path: file });
  }
  if (!read.value.partial_handoffs.some((e) => e.envelope_id === envelopeId)) {
    throw new BatonError(
      'not_found',
      `${file}: pipeline ${pipelineId} has no partial handoff ${envelopeId}`,
      { pipeline_id: pipelineId, envelope_id: envelopeId },
    );
  }
  return appendLifecycleAudit(
    dir,
    HANDOFF_ACKNOWLEDGED,
    { envelope_id: envelopeId, decision },
    pipelineId,
    {
      fields: { envelope_id: envelopeId, decision, by: options.by },
      ...(options.now === undefined ? {} : { now: options.now }),
      precondition: () => {
        const earlier = settledEnvelopes(dir).byPipeline.get(pipelineId)?.get(envelopeId);
        if (earlier) {
          throw new BatonError(
            'conflict',
            `partial handoff ${envelopeId} of pipeline ${pipelineId} already acknowledged by ${earlier.by ?? 'unknown'}`,
            { pipeline_id: pipelineId, envelope_id: envelopeId, acknowledgement: earlier },
          );
        }
      },
    },
  );
}
