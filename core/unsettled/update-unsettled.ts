import { writeJsonAtomic } from '../files/atomic-write.ts';
import { validateName } from '../files/names.ts';
import { readRecord } from '../files/read-record.ts';
import { layout } from '../layout.ts';
import {
  UNSETTLED_SCHEMA,
  UnsettledRecordSchema,
  type UnsettledRecord,
} from './unsettled-schema.ts';

/**
 * Read-modify-write of one pipeline's `unsettled/<pipeline_id>.json`, replaced by tmp+rename.
 * The pipeline is the single writer of its own file (a run is single-threaded, as in the
 * seed), so no lock is taken; readers only ever see a whole snapshot. A missing or unreadable
 * file starts from empty buckets.
 */
export function updateUnsettled(
  dir: string,
  pipelineId: string,
  mutate: (record: UnsettledRecord) => void,
  now = Date.now(),
): UnsettledRecord {
  validateName('pipeline id', pipelineId);
  const file = layout(dir).unsettledFile(pipelineId);
  const read = readRecord(file, UnsettledRecordSchema, UNSETTLED_SCHEMA);
  const record: UnsettledRecord = read.ok ? read.value : emptyRecord(pipelineId, now);
  mutate(record);
  record.schema = UNSETTLED_SCHEMA;
  record.pipeline_id = pipelineId;
  record.updated_at_ms = now;
  record.envelope_seq = Math.max(envelopeSeqOf(record), ...record.partial_handoffs.map(seqOf));
  writeJsonAtomic(file, record, { mkdir: true });
  return record;
}

export function emptyRecord(pipelineId: string, now: number): UnsettledRecord {
  return {
    schema: UNSETTLED_SCHEMA,
    pipeline_id: pipelineId,
    updated_at_ms: now,
    suspended_subagents: [],
    queued_triggers: [],
    partial_handoffs: [],
    in_flight_llm_calls: [],
    pool_pending_tasks: [],
  };
}

/**
 * The highest envelope seq this pipeline ever allocated. Kept in the record (`envelope_seq`)
 * so ids never repeat after envelopes leave the file: an old acknowledgement of
 * `envelope_3` must not settle a new `envelope_3`.
 */
export function envelopeSeqOf(record: UnsettledRecord): number {
  const stored = record.envelope_seq;
  return typeof stored === 'number' && Number.isInteger(stored) && stored > 0 ? stored : 0;
}

function seqOf(envelope: { envelope_id: string; seq?: number | undefined }): number {
  if (envelope.seq !== undefined) return envelope.seq;
  const match = /^envelope_(\d+)$/.exec(envelope.envelope_id);
  return match ? Number(match[1]) : 0;
}
