import fs from 'node:fs';
import type { Command } from 'commander';
import { BatonError } from '../../errors.ts';
import { defaultAgentId } from '../../handoffs/default-agent-id.ts';
import {
  acknowledgePartialHandoff,
  publishUnsettled,
  readUnsettled,
  unsettledCounts,
  unsettledSummary,
  type UnsettledView,
} from '../../unsettled/index.ts';
import { cliContext, emit } from '../output.ts';
import { duration, formatTable } from '../table.ts';

/**
 * `baton unsettled show|ack|publish`: pipelines' unsettled work (docs/cli.md "Unsettled work").
 */
export function registerUnsettledCommands(program: Command): void {
  const unsettled = program
    .command('unsettled')
    .description("pipelines' unsettled work: show it, acknowledge partial handoffs, publish");

  unsettled
    .command('show')
    .description('buckets, counts and summary of one pipeline, or of every pipeline')
    .argument('[pipeline_id]', 'one pipeline (default: all)')
    .action((pipelineId: string | undefined, _opts: unknown, command: Command) => {
      const ctx = cliContext(command);
      if (pipelineId !== undefined) {
        const view = readUnsettled(ctx.dir, pipelineId);
        emit(ctx, view, () => humanView(view));
        return;
      }
      const pipelines = readUnsettled(ctx.dir);
      emit(ctx, { pipelines }, () =>
        pipelines.length === 0
          ? 'no pipeline has published unsettled work'
          : pipelines.map(humanView).join('\n\n'),
      );
    });

  unsettled
    .command('ack')
    .description('settle a partial handoff (appends handoff_acknowledged to audit/lifecycle.jsonl)')
    .argument('<pipeline_id>', 'the pipeline that lists the envelope')
    .argument('<envelope_id>', 'the partial handoff, e.g. envelope_3')
    .requiredOption('--decision <text>', 'what was decided (e.g. drop, replay, forwarded)')
    .option('--by <agent>', 'who decides (default: $BATON_AGENT_ID, $COG_AGENT_ID, the user)')
    .action(
      (
        pipelineId: string,
        envelopeId: string,
        opts: { decision: string; by?: string },
        command: Command,
      ) => {
        const ctx = cliContext(command);
        const by = opts.by ?? defaultAgentId();
        const receipt = acknowledgePartialHandoff(ctx.dir, pipelineId, envelopeId, {
          decision: opts.decision,
          by,
        });
        emit(
          ctx,
          { pipeline_id: pipelineId, envelope_id: envelopeId, ...receipt },
          () =>
            `acknowledged ${envelopeId} of ${pipelineId} (${opts.decision}, by ${by}; lifecycle seq ${receipt.entry.seq})`,
        );
      },
    );

  unsettled
    .command('publish')
    .description("replace a pipeline's unsettled buckets from a JSON document (for any language)")
    .argument('<pipeline_id>', 'the publishing pipeline (the only writer of its file)')
    .option('--file <path>', 'the JSON document (default or "-": stdin)')
    .action((pipelineId: string, opts: { file?: string }, command: Command) => {
      const ctx = cliContext(command);
      const source = opts.file === undefined || opts.file === '-' ? 0 : opts.file;
      const label = source === 0 ? 'stdin' : String(source);
      let doc: unknown;
      try {
        doc = JSON.parse(fs.readFileSync(source, 'utf8'));
      } catch (error) {
        throw new BatonError(
          'invalid_argument',
          `${label}: not a readable JSON document (${(error as Error).message})`,
        );
      }
      if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
        throw new BatonError('invalid_argument', `${label}: must be a JSON object of buckets`);
      }
      const record = publishUnsettled(ctx.dir, pipelineId, doc as Record<string, unknown>);
      const counts = unsettledCounts(record);
      const summary = unsettledSummary(counts);
      emit(ctx, { record, counts, summary }, () => `published ${pipelineId}: ${summary}`);
    });
}

function humanView(view: UnsettledView): string {
  const lines = [`${view.pipeline_id}: ${view.summary}`];
  const partial = view.buckets.partial_handoffs;
  if (partial.length > 0) {
    lines.push(
      '',
      'partial handoffs:',
      formatTable(
        partial.map((e) => ({
          envelope: e.envelope_id,
          from: e.from,
          to: e.to,
          age: duration(e.age_ms),
          payload: e.payload_summary,
        })),
        ['envelope', 'from', 'to', 'age', 'payload'],
      ),
    );
  }
  const triggers = view.buckets.queued_triggers;
  if (triggers.length > 0) {
    lines.push(
      '',
      'queued triggers:',
      formatTable(
        triggers.map((t) => ({
          id: t.id,
          summary: t.spec_summary,
          age: t.age_ms === undefined ? undefined : duration(t.age_ms),
        })),
        ['id', 'summary', 'age'],
      ),
    );
  }
  if (view.settled_envelope_ids.length > 0) {
    lines.push(`settled: ${view.settled_envelope_ids.join(', ')}`);
  }
  for (const d of view.diagnostics) lines.push(`warning: ${d.message}`);
  return lines.join('\n');
}
