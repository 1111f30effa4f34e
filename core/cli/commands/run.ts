import type { Command } from 'commander';
import { BatonError } from '../../errors.ts';
import {
  commitCheckpointResult,
  disposeRun,
  finishRun,
  listRuns,
  readRun,
  renewRun,
  RunStatusSchema,
  startRun,
  type RunStatus,
  type RunView,
  type TerminalRunStatus,
} from '../../runs/index.ts';
import { cliContext, emit, parseIntOption, parseJsonOption } from '../output.ts';
import { duration, formatTable, relativeTime } from '../table.ts';

interface FenceOptions {
  worker: string;
  lease: string;
}

/**
 * `baton run …`: start, checkpoint, renew, finish, dispose, show and list durable runs
 * (docs/cli.md "Durable runs"). A started run's lease outlives this process: it is held until
 * its TTL runs out, `renew` extends it, `finish` or `dispose` releases it.
 */
export function registerRunCommands(program: Command): void {
  const run = program
    .command('run')
    .description('durable runs: a lease per run, step checkpoints, resume after a crash');

  run
    .command('start')
    .description('start or resume a run and take its lease (exit 75 while another worker holds it)')
    .argument('<run-id>', 'the run id')
    .requiredOption('--worker <id>', 'this worker id')
    .option('--lease-ttl <ms>', 'lease TTL in ms (default 600000)', parseIntOption('--lease-ttl'))
    .option(
      '--input <json>',
      'the run input (JSON); a resumed run keeps its own',
      parseJsonOption('--input'),
    )
    .option('--session <id>', 'session id to record')
    .option('--workflow <id>', 'workflow id to record')
    .action(
      (
        runId: string,
        opts: {
          worker: string;
          leaseTtl?: number;
          input?: unknown;
          session?: string;
          workflow?: string;
        },
        command: Command,
      ) => {
        const ctx = cliContext(command);
        const handle = startRun(ctx.dir, runId, {
          worker_id: opts.worker,
          ...(opts.leaseTtl === undefined ? {} : { lease_ttl_ms: opts.leaseTtl }),
          ...(opts.input === undefined ? {} : { input: opts.input }),
          ...(opts.session === undefined ? {} : { session_id: opts.session }),
          ...(opts.workflow === undefined ? {} : { workflow_id: opts.workflow }),
        });
        const before = handle.took_over_from;
        const result = {
          run_id: handle.run_id,
          attempt: handle.attempt,
          resumed: handle.resumed,
          ...(handle.previous_status ? { previous_status: handle.previous_status } : {}),
          lease_id: handle.lease_id,
          worker_id: handle.worker_id,
          status: handle.record.status,
          lease_ttl_ms: handle.lease.ttl_ms,
          lease_expires_at_ms: handle.lease.expires_at_ms,
          ...(before
            ? {
                took_over_from: {
                  worker_id: before.owner.worker_id ?? before.owner.id,
                  lease_id: before.token,
                  expires_at_ms: before.expires_at_ms,
                },
              }
            : {}),
          checkpoints: handle.checkpoints,
          run: handle.record,
        };
        emit(ctx, result, () => {
          const how = handle.resumed
            ? `resumed (attempt ${handle.attempt}, ${handle.checkpoints.length} committed step(s) to replay)`
            : 'started (attempt 1)';
          return [
            `run ${runId} ${how} by ${handle.worker_id}`,
            `lease ${handle.lease_id} expires ${relativeTime(handle.lease.expires_at_ms)}`,
          ].join('\n');
        });
      },
    );

  fenced(run.command('checkpoint'))
    .description('commit one step of a run you hold (same step + same output: no-op)')
    .argument('<run-id>', 'the run id')
    .argument('<step-id>', 'the step id')
    .option('--output <json>', 'the step output (JSON; default null)', parseJsonOption('--output'))
    .action(
      (
        runId: string,
        stepId: string,
        opts: FenceOptions & { output?: unknown },
        command: Command,
      ) => {
        const ctx = cliContext(command);
        const { checkpoint, created } = commitCheckpointResult(ctx.dir, runId, {
          lease_id: opts.lease,
          worker_id: opts.worker,
          step_id: stepId,
          output: opts.output === undefined ? null : opts.output,
        });
        emit(ctx, { ...checkpoint, created }, () =>
          created
            ? `committed step ${stepId} of run ${runId} (sequence ${checkpoint.sequence})`
            : `step ${stepId} of run ${runId} was already committed with this output (sequence ${checkpoint.sequence})`,
        );
      },
    );

  fenced(run.command('finish'))
    .description('finish a run you hold and release its lease')
    .argument('<run-id>', 'the run id')
    .requiredOption('--status <status>', 'succeeded, failed or cancelled')
    .option('--output <json>', 'the run output (JSON)', parseJsonOption('--output'))
    .option('--error <text>', 'why it failed or was cancelled')
    .action(
      (
        runId: string,
        opts: FenceOptions & { status: string; output?: unknown; error?: string },
        command: Command,
      ) => {
        const ctx = cliContext(command);
        const record = finishRun(ctx.dir, runId, {
          lease_id: opts.lease,
          worker_id: opts.worker,
          status: opts.status as TerminalRunStatus,
          ...(opts.output === undefined ? {} : { output: opts.output }),
          ...(opts.error === undefined ? {} : { error: opts.error }),
        });
        emit(
          ctx,
          record,
          () => `run ${runId} ${record.status} (attempt ${record.attempt}); lease released`,
        );
      },
    );

  fenced(run.command('renew'))
    .description('extend the lease of a run you hold')
    .argument('<run-id>', 'the run id')
    .option(
      '--lease-ttl <ms>',
      'new TTL in ms (default: the current one)',
      parseIntOption('--lease-ttl'),
    )
    .action((runId: string, opts: FenceOptions & { leaseTtl?: number }, command: Command) => {
      const ctx = cliContext(command);
      const { lease } = renewRun(ctx.dir, runId, {
        lease_id: opts.lease,
        worker_id: opts.worker,
        ...(opts.leaseTtl === undefined ? {} : { ttl_ms: opts.leaseTtl }),
      });
      emit(
        ctx,
        {
          run_id: runId,
          lease_id: lease.token,
          worker_id: opts.worker,
          lease_ttl_ms: lease.ttl_ms,
          lease_expires_at_ms: lease.expires_at_ms,
        },
        () => `lease of run ${runId} renewed; expires ${relativeTime(lease.expires_at_ms)}`,
      );
    });

  run
    .command('dispose')
    .description('release a run you hold without finishing it (it stays resumable at once)')
    .argument('<run-id>', 'the run id')
    .requiredOption('--lease <lease-id>', 'the lease id printed by start')
    .action((runId: string, opts: { lease: string }, command: Command) => {
      const ctx = cliContext(command);
      disposeRun(ctx.dir, runId, { lease_id: opts.lease });
      const view = requireRun(ctx.dir, runId);
      emit(
        ctx,
        runJson(view),
        () => `run ${runId} released (${view.record?.status ?? 'no record'})`,
      );
    });

  run
    .command('show')
    .description('show a run: its record, committed checkpoints and lease')
    .argument('<run-id>', 'the run id')
    .action((runId: string, _opts: unknown, command: Command) => {
      const ctx = cliContext(command);
      const view = requireRun(ctx.dir, runId);
      emit(ctx, runJson(view), () => showText(view));
    });

  run
    .command('list')
    .description('list runs')
    .option(
      '--status <status>',
      `only runs with this status (${RunStatusSchema.options.join(', ')})`,
    )
    .action((opts: { status?: string }, command: Command) => {
      const ctx = cliContext(command);
      const { runs, diagnostics } = listRuns(ctx.dir, {
        ...(opts.status === undefined ? {} : { status: opts.status as RunStatus }),
      });
      emit(ctx, { runs: runs.map(runJson), diagnostics }, () => {
        const rows = runs.map((v) => ({
          run: v.run_id,
          status: v.record?.status ?? '?',
          attempt: v.record?.attempt,
          worker: v.record?.worker_id,
          steps: v.checkpoints.length,
          lease: leaseText(v),
          updated: v.record ? relativeTime(v.record.updated_at_ms) : undefined,
        }));
        const table = formatTable(rows, [
          'run',
          'status',
          'attempt',
          'worker',
          'steps',
          'lease',
          'updated',
        ]);
        return [table, ...diagnostics.map((d) => `warning: ${d.message}`)].join('\n');
      });
    });
}

/** The options every fenced command takes: who claims to hold the run. */
function fenced(command: Command): Command {
  return command
    .requiredOption('--worker <id>', 'this worker id (as given to start)')
    .requiredOption('--lease <lease-id>', 'the lease id printed by start');
}

function requireRun(dir: string, runId: string): RunView {
  const view = readRun(dir, runId);
  if (!view)
    throw new BatonError('not_found', `run ${runId} does not exist in ${dir}`, { run_id: runId });
  return view;
}

/** The --json form of a run: its record's fields, then what readers derive. */
function runJson(view: RunView): Record<string, unknown> {
  return {
    ...(view.record ?? {}),
    run_id: view.run_id,
    checkpoints: view.checkpoints,
    ignored_checkpoints: view.ignored_checkpoints,
    lease: view.lease,
    orphaned: view.orphaned,
    diagnostics: view.diagnostics,
  };
}

function leaseText(view: RunView): string {
  const expires = view.lease.record?.expires_at_ms;
  if (view.lease.state === 'active' && expires !== undefined)
    return `active, expires ${relativeTime(expires)}`;
  return view.orphaned ? `${view.lease.state} (orphaned)` : view.lease.state;
}

function showText(view: RunView): string {
  const r = view.record;
  const lines = [
    r
      ? `run ${view.run_id}: ${r.status}, attempt ${r.attempt}, worker ${r.worker_id}, started ${relativeTime(r.started_at_ms)}`
      : `run ${view.run_id}: no readable run.json`,
    `lease: ${leaseText(view)}`,
  ];
  if (r?.finished_at_ms !== undefined) {
    lines.push(`finished after ${duration(r.finished_at_ms - r.started_at_ms)}`);
  }
  if (r?.output !== undefined) lines.push(`output: ${JSON.stringify(r.output)}`);
  if (r?.error !== undefined) lines.push(`error: ${JSON.stringify(r.error)}`);
  lines.push(
    '',
    formatTable(
      view.checkpoints.map((c) => ({
        seq: c.sequence,
        step: c.step_id,
        attempt: c.attempt,
        worker: c.worker_id,
        committed: relativeTime(c.committed_at_ms),
      })),
      ['seq', 'step', 'attempt', 'worker', 'committed'],
    ),
  );
  for (const ignored of view.ignored_checkpoints)
    lines.push(`ignored line at byte ${ignored.offset}: ${ignored.message}`);
  for (const d of view.diagnostics) lines.push(`warning: ${d.message}`);
  return lines.join('\n');
}
