import { settledEnvelopes } from '../../unsettled/index.ts';

/** A partial handoff someone already acknowledged, as the operator is shown it. */
export interface SettledEnvelopeState {
  settled: true;
  /** Who acknowledged it (the lifecycle entry's `by`), or `unknown` for an entry without one. */
  by: string;
  /** What they decided, as recorded. */
  decision: unknown;
  acknowledged_at_ms?: number;
  lifecycle_seq?: number;
}

/**
 * The acknowledgement that settled `envelopeId` of `pipelineId`, read from the lifecycle log,
 * so a refusal can say who settled it and what they decided instead of a bare `settled: true`.
 * The first acknowledgement wins, as for every reader of the log. Falls back to `by: 'unknown'`
 * when the log cannot be read or holds no matching entry (the unsettled reader saw one, so the
 * log changed under us): the refusal still stands.
 *
 * @example
 * settledEnvelopeState('/coord', 'ingest', 'envelope_2'); // { settled: true, by: 'ana', decision: 'drop', … }
 */
export function settledEnvelopeState(
  dir: string,
  pipelineId: string,
  envelopeId: string,
): SettledEnvelopeState {
  let found;
  try {
    found = settledEnvelopes(dir).byPipeline.get(pipelineId)?.get(envelopeId);
  } catch {
    found = undefined;
  }
  if (!found) return { settled: true, by: 'unknown', decision: null };
  return {
    settled: true,
    by: found.by ?? 'unknown',
    decision: found.decision,
    acknowledged_at_ms: found.ts_ms,
    lifecycle_seq: found.seq,
  };
}

/**
 * The sentence naming who settled a partial handoff and what they decided.
 *
 * @example
 * settledText('ingest', 'envelope_2', state); // 'partial handoff envelope_2 of pipeline ingest was already acknowledged by ana at … (decision: drop)'
 */
export function settledText(
  pipelineId: string,
  envelopeId: string,
  state: SettledEnvelopeState,
): string {
  const at =
    state.acknowledged_at_ms !== undefined
      ? ` at ${new Date(state.acknowledged_at_ms).toISOString()}`
      : '';
  const decision =
    typeof state.decision === 'string' ? state.decision : JSON.stringify(state.decision ?? null);
  return `partial handoff ${envelopeId} of pipeline ${pipelineId} was already acknowledged by ${state.by}${at} (decision: ${decision}): your acknowledgement was not recorded`;
}
