import { BatonError } from '../errors.ts';
import { isAtomicTemp } from '../files/atomic-write.ts';
import type { Diagnostic } from '../files/diagnostic.ts';
import { readDirNamesOrEmpty } from '../files/directory-entries.ts';
import { isValidName, validateName } from '../files/names.ts';
import { readRecord } from '../files/read-record.ts';
import { layout } from '../layout.ts';
import { payloadSummary } from './payload-summary.ts';
import { settledEnvelopes, type EnvelopeSettlement } from './settled-envelopes.ts';
import {
  UNSETTLED_SCHEMA,
  UnsettledRecordSchema,
  type PartialHandoff,
} from './unsettled-schema.ts';
import {
  BUCKET_NAMES,
  unsettledCounts,
  unsettledSummary,
  type UnsettledCounts,
} from './unsettled-summary.ts';

/** A bucket item as shown: the stored item, plus `age_ms` when it has `queued_at_ms`. */
export type UnsettledItemView = Record<string, unknown> & { age_ms?: number };

/** A partial handoff as the seed shows it (`from`/`to`, `payload_summary`, `age_ms`). */
export type PartialHandoffView = PartialHandoff & {
  from: string | null;
  to: string;
  payload_summary: string;
  age_ms: number;
};

export interface UnsettledBucketsView {
  suspended_subagents: UnsettledItemView[];
  queued_triggers: UnsettledItemView[];
  partial_handoffs: PartialHandoffView[];
  in_flight_llm_calls: UnsettledItemView[];
  pool_pending_tasks: UnsettledItemView[];
}

/** One pipeline's unsettled work as readers see it. */
export interface UnsettledView {
  pipeline_id: string;
  path: string;
  /** When the pipeline last published; null when its file is unreadable. */
  updated_at_ms: number | null;
  /** Every bucket, acknowledged partial handoffs left out. */
  buckets: UnsettledBucketsView;
  counts: UnsettledCounts;
  summary: string;
  /** Envelopes of this pipeline acknowledged in the lifecycle log, oldest acknowledgement first. */
  settled_envelope_ids: string[];
  diagnostics: Diagnostic[];
}

export interface ReadUnsettledOptions {
  /** Clock for `age_ms` (default now). */
  now?: number;
}

/**
 * One pipeline's unsettled work (throws `not_found` when it never published), or every
 * pipeline's, sorted by id, when `pipelineId` is omitted. Partial handoffs acknowledged in
 * `audit/lifecycle.jsonl` count as settled: they are left out of the buckets, the counts and
 * the summary even while the pipeline's file still lists them. Items with `queued_at_ms` get
 * `age_ms = now - queued_at_ms` (never negative). Bad content never throws: an unreadable
 * snapshot shows empty buckets and a diagnostic.
 *
 * @example
 * const view = readUnsettled('/coord', 'ingest');
 * view.summary; // 'unsettled work: 0 suspended subagents, 1 queued triggers, …'
 */
export function readUnsettled(
  dir: string,
  pipelineId: string,
  options?: ReadUnsettledOptions,
): UnsettledView;
export function readUnsettled(
  dir: string,
  pipelineId?: undefined,
  options?: ReadUnsettledOptions,
): UnsettledView[];
export function readUnsettled(
  dir: string,
  pipelineId?: string,
  options: ReadUnsettledOptions = {},
): UnsettledView | UnsettledView[] {
  const now = options.now ?? Date.now();
  const settled = settledEnvelopes(dir);
  if (pipelineId !== undefined) {
    validateName('pipeline id', pipelineId);
    const view = viewOf(dir, pipelineId, now, settled.byPipeline.get(pipelineId));
    if (!view) {
      throw new BatonError(
        'not_found',
        `${layout(dir).unsettledFile(pipelineId)}: pipeline ${pipelineId} has not published unsettled work`,
        { pipeline_id: pipelineId },
      );
    }
    view.diagnostics.push(...settled.diagnostics);
    return view;
  }
  const views: UnsettledView[] = [];
  for (const id of pipelineIds(dir)) {
    const view = viewOf(dir, id, now, settled.byPipeline.get(id));
    if (view) views.push(view);
  }
  // Log problems belong to no pipeline in particular; report them once, on the first view.
  views[0]?.diagnostics.push(...settled.diagnostics);
  return views;
}

export interface UnsettledListing {
  pipeline_id: string;
  updated_at_ms: number | null;
  counts: UnsettledCounts;
  summary: string;
  diagnostics: Diagnostic[];
}

/**
 * Every pipeline that published unsettled work, with its counts and summary line only.
 *
 * @example
 * listUnsettled('/coord').filter((p) => p.summary !== 'no unsettled work');
 */
export function listUnsettled(dir: string, options: ReadUnsettledOptions = {}): UnsettledListing[] {
  return readUnsettled(dir, undefined, options).map((view) => ({
    pipeline_id: view.pipeline_id,
    updated_at_ms: view.updated_at_ms,
    counts: view.counts,
    summary: view.summary,
    diagnostics: view.diagnostics,
  }));
}

function pipelineIds(dir: string): string[] {
  return readDirNamesOrEmpty(layout(dir).unsettledDir)
    .filter((name) => name.endsWith('.json') && !isAtomicTemp(name))
    .map((name) => name.slice(0, -'.json'.length))
    .filter(isValidName)
    .sort();
}

function viewOf(
  dir: string,
  pipelineId: string,
  now: number,
  settled: Map<string, EnvelopeSettlement> | undefined,
): UnsettledView | undefined {
  const file = layout(dir).unsettledFile(pipelineId);
  const read = readRecord(file, UnsettledRecordSchema, UNSETTLED_SCHEMA);
  if (!read.ok && read.absent) return undefined;
  const settledIds = [...(settled?.values() ?? [])]
    .sort((a, b) => a.seq - b.seq)
    .map((s) => s.envelope_id);
  const buckets: UnsettledBucketsView = {
    suspended_subagents: [],
    queued_triggers: [],
    partial_handoffs: [],
    in_flight_llm_calls: [],
    pool_pending_tasks: [],
  };
  const diagnostics: Diagnostic[] = [];
  let updatedAt: number | null = null;
  if (read.ok) {
    const record = read.value;
    updatedAt = record.updated_at_ms;
    if (record.pipeline_id !== pipelineId) {
      diagnostics.push({
        path: file,
        reason: 'malformed',
        message: `${file}: pipeline_id ${JSON.stringify(record.pipeline_id)} does not match the file name; shown under ${pipelineId}`,
      });
    }
    for (const name of BUCKET_NAMES) {
      if (name === 'partial_handoffs') continue;
      buckets[name] = record[name].map((item) => withAge(item, now));
    }
    buckets.partial_handoffs = record.partial_handoffs
      .filter((envelope) => !settled?.has(envelope.envelope_id))
      .map((envelope) => envelopeView(envelope, now));
  } else {
    diagnostics.push(read.diagnostic);
  }
  const counts = unsettledCounts(buckets);
  return {
    pipeline_id: pipelineId,
    path: file,
    updated_at_ms: updatedAt,
    buckets,
    counts,
    summary: unsettledSummary(counts),
    settled_envelope_ids: settledIds,
    diagnostics,
  };
}

function ageOf(queuedAt: number, now: number): number {
  return Math.max(0, now - queuedAt);
}

function withAge(item: Record<string, unknown>, now: number): UnsettledItemView {
  const queuedAt = item.queued_at_ms;
  return typeof queuedAt === 'number' ? { ...item, age_ms: ageOf(queuedAt, now) } : { ...item };
}

/** The seed's envelope JSON: its key order, with `from`/`to` falling back to the pipelines. */
function envelopeView(envelope: PartialHandoff, now: number): PartialHandoffView {
  const target = envelope.target_pipeline ?? envelope.to ?? '';
  const origin = envelope.origin_pipeline ?? envelope.from ?? null;
  const shown: PartialHandoffView = {
    envelope_id: envelope.envelope_id,
    from: envelope.from ?? origin,
    to: envelope.to ?? target,
    payload_summary: envelope.payload_summary ?? payloadSummary(envelope.payload),
    queued_at_ms: envelope.queued_at_ms,
    age_ms: ageOf(envelope.queued_at_ms, now),
    target_pipeline: target,
    origin_pipeline: origin,
    payload: envelope.payload ?? null,
    ...(envelope.seq === undefined ? {} : { seq: envelope.seq }),
  };
  // Keep fields a publisher added, after the seed's own.
  for (const [key, value] of Object.entries(envelope)) if (!(key in shown)) shown[key] = value;
  return shown;
}
