import { spawn } from 'node:child_process';
import os from 'node:os';
import { Option, type Command } from 'commander';
import { BatonError } from '../../errors.ts';
import {
  acquireLease,
  listLeases,
  readLease,
  releaseLease,
  renewLease,
  LeaseStateSchema,
  type AcquireResult,
  type LeaseConflict,
  type LeaseRecord,
  type LeaseState,
  type LeaseView,
} from '../../leases/index.ts';
import { EXIT } from '../exit-codes.ts';
import { cliContext, emit, parseIntOption, type CliContext } from '../output.ts';
import { formatTable, relativeTime } from '../table.ts';

interface AcquireFlags {
  ttl?: number;
  owner?: string;
  reason?: string;
  takeStale?: boolean;
}

/** Signals `baton lease with` passes on to its command (then exits with the command's status). */
const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * `baton lease acquire|renew|release|status|list|with`: directory leases from any language.
 * A lease held by someone else exits 75 (EXIT.contended), distinct from an error.
 */
export function registerLeaseCommands(program: Command): void {
  const lease = program
    .command('lease')
    .description(
      'leases on resources: acquire, renew, release, inspect, run a command holding one',
    );

  withAcquireFlags(
    lease
      .command('acquire')
      .description('acquire the lease on RESOURCE (prints the token; exit 75 when held)')
      .argument('<resource>', 'resource path, e.g. src/main.ts'),
  ).action((resource: string, opts: AcquireFlags, command: Command) => {
    const ctx = cliContext(command);
    // The lease outlives this command: record the process that ran it (a shell, an agent).
    const result = acquireLease(ctx.dir, resource, acquireOptions(opts, process.ppid));
    if (!result.acquired) return reportConflict(ctx, result);
    emit(ctx, result, () => acquiredText(result.resource_path, result.record));
  });

  lease
    .command('renew')
    .description('extend the lease held under TOKEN (same TTL, or --ttl)')
    .argument('<resource>', 'resource path')
    .requiredOption('--token <token>', 'the token acquire printed')
    .option('--ttl <ms>', 'new TTL in ms (default: the lease’s own)', parseIntOption('--ttl'))
    .action((resource: string, opts: { token: string; ttl?: number }, command: Command) => {
      const ctx = cliContext(command);
      const record = renewLease(ctx.dir, resource, opts.token, {
        ...(opts.ttl === undefined ? {} : { ttl_ms: opts.ttl }),
      });
      emit(
        ctx,
        record,
        () =>
          `renewed ${record.resource_path} (renewal ${record.renewals ?? 0}, expires ${relativeTime(record.expires_at_ms)})`,
      );
    });

  lease
    .command('release')
    .description('release the lease held under TOKEN, or --force it by path')
    .argument('<resource>', 'resource path')
    .option('--token <token>', 'the token acquire printed (refused if another token holds it)')
    .option('--force', 'remove whatever lease is there (operators: stale or stuck leases)')
    .action((resource: string, opts: { token?: string; force?: boolean }, command: Command) => {
      const ctx = cliContext(command);
      if ((opts.token === undefined) === (opts.force !== true)) {
        throw new BatonError(
          'invalid_argument',
          'release needs exactly one of --token T or --force',
        );
      }
      const result = releaseLease(
        ctx.dir,
        resource,
        opts.force ? { strict: false } : { token: opts.token! },
      );
      emit(ctx, result, () =>
        result.released ? `released ${resource}` : `no lease on ${resource} (already released)`,
      );
    });

  lease
    .command('status')
    .description('show the state and record of the lease on RESOURCE')
    .argument('<resource>', 'resource path')
    .action((resource: string, _opts: unknown, command: Command) => {
      const ctx = cliContext(command);
      const view = readLease(ctx.dir, resource);
      emit(ctx, view, () => statusText(view));
    });

  lease
    .command('list')
    .description('list every lease in the directory')
    .addOption(
      new Option('--state <state>', 'only leases in this state').choices(LeaseStateSchema.options),
    )
    .action((opts: { state?: LeaseState }, command: Command) => {
      const ctx = cliContext(command);
      const result = listLeases(ctx.dir, opts.state === undefined ? {} : { state: opts.state });
      emit(ctx, result, () => listText(result.leases, result.diagnostics.length));
    });

  withAcquireFlags(
    lease
      .command('with')
      .description(
        'run CMD while holding the lease (renewed every ttl/3, released on any exit); exits with CMD’s status, 75 when held',
      )
      .argument('<resource>', 'resource path')
      .argument('<command...>', 'the command and its arguments, after --'),
  ).action(async (resource: string, argv: string[], opts: AcquireFlags, command: Command) => {
    const ctx = cliContext(command);
    const result = acquireLease(ctx.dir, resource, acquireOptions(opts, process.pid));
    if (!result.acquired) return reportConflict(ctx, result);
    const outcome = await runHolding(ctx, resource, result, argv);
    emit(ctx, { ...outcome, resource_path: result.resource_path, token: result.token }, () => '');
    process.exitCode = outcome.exit_code;
  });
}

function withAcquireFlags(command: Command): Command {
  return command
    .option('--ttl <ms>', 'lease TTL in ms (default 600000)', parseIntOption('--ttl'))
    .option('--owner <id>', 'owner id recorded in the lease (default: host:pid)')
    .option('--reason <text>', 'why the lease is held, shown to operators')
    .option('--no-take-stale', 'report an expired lease as held instead of taking it over');
}

function acquireOptions(opts: AcquireFlags, pid: number) {
  return {
    ...(opts.ttl === undefined ? {} : { ttl_ms: opts.ttl }),
    owner: { id: opts.owner ?? `${os.hostname()}:${pid}`, pid },
    ...(opts.reason === undefined ? {} : { reason: opts.reason }),
    take_stale: opts.takeStale !== false,
  };
}

/** A held lease: the conflict as JSON (or its message on stderr), exit 75. */
function reportConflict(ctx: CliContext, conflict: LeaseConflict): void {
  if (ctx.json) process.stdout.write(JSON.stringify(conflict, null, 2) + '\n');
  else process.stderr.write(`baton: ${conflict.message}\n`);
  process.exitCode = EXIT.contended;
}

interface WithOutcome {
  exit_code: number;
  signal: string | null;
  released: boolean;
  lease_lost: boolean;
}

/**
 * Run `argv` with BATON_LEASE_TOKEN / BATON_LEASE_RESOURCE set, renewing every ttl/3; forward
 * SIGINT/SIGTERM/SIGHUP to it; release when it exits, however it exits. If a renewal is refused
 * (the lease was lost), the command is stopped with SIGTERM and the exit code is 1.
 */
async function runHolding(
  ctx: CliContext,
  resource: string,
  lease: Extract<AcquireResult, { acquired: true }>,
  argv: string[],
): Promise<WithOutcome> {
  const [file, ...args] = argv;
  let lost = false;
  const child = spawn(file!, args, {
    stdio: 'inherit',
    env: { ...process.env, BATON_LEASE_TOKEN: lease.token, BATON_LEASE_RESOURCE: resource },
  });
  const forward = (signal: NodeJS.Signals) => () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  const handlers = FORWARDED_SIGNALS.map((signal) => [signal, forward(signal)] as const);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  const every = Math.max(1, Math.floor(lease.record.ttl_ms / 3));
  const timer = setInterval(() => {
    try {
      renewLease(ctx.dir, resource, lease.token);
    } catch (error) {
      if (error instanceof BatonError && error.code === 'conflict') return; // busy: next tick
      lost = true;
      clearInterval(timer);
      process.stderr.write(
        `baton: lease on ${resource} lost while the command ran (${(error as Error).message}); stopping it\n`,
      );
      child.kill('SIGTERM');
    }
  }, every);

  const ended = await new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    error?: Error;
  }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  clearInterval(timer);
  for (const [signal, handler] of handlers) process.off(signal, handler);

  let released = false;
  try {
    released = releaseLease(ctx.dir, resource, { token: lease.token }).released;
  } catch (error) {
    if (!lost) process.stderr.write(`baton: ${(error as Error).message}\n`);
  }
  let code: number;
  if (ended.error) {
    process.stderr.write(`baton: cannot run ${file}: ${ended.error.message}\n`);
    code = (ended.error as NodeJS.ErrnoException).code === 'ENOENT' ? 127 : 126;
  } else if (ended.signal) code = 128 + (os.constants.signals[ended.signal] ?? 0);
  else code = ended.code ?? EXIT.error;
  if (lost) code = EXIT.error;
  return { exit_code: code, signal: ended.signal, released, lease_lost: lost };
}

function acquiredText(resource: string, record: LeaseRecord): string {
  return [
    `acquired ${resource}`,
    `token:   ${record.token}`,
    `expires: ${relativeTime(record.expires_at_ms)}`,
  ].join('\n');
}

function ownerText(record: LeaseRecord | undefined): string | undefined {
  if (!record) return undefined;
  const o = record.owner;
  return o.pid === undefined ? o.id : `${o.id} (pid ${o.pid}${o.host ? ` on ${o.host}` : ''})`;
}

function statusText(view: LeaseView): string {
  const rows: [string, string | undefined][] = [
    ['resource', view.resource_path],
    ['state', view.state],
    ['owner', ownerText(view.record)],
    ['token', view.record?.token],
    ['expires', view.record ? relativeTime(view.record.expires_at_ms) : undefined],
    ['reason', view.record?.reason],
    ['renewals', view.record?.renewals?.toString()],
    ['lock', view.lock_path],
    ['problem', view.diagnostic?.message],
    [
      'guard',
      view.guard ? `${view.guard.state} (${ownerText(view.guard.record) ?? '?'})` : undefined,
    ],
  ];
  return rows
    .filter((row): row is [string, string] => row[1] !== undefined)
    .map(([k, v]) => `${(k + ':').padEnd(10)}${v}`)
    .join('\n');
}

function listText(leases: LeaseView[], problems: number): string {
  const rows = leases.map((l) => ({
    resource: l.resource_path,
    state: l.state,
    owner: l.record?.owner.id,
    expires: l.record ? relativeTime(l.record.expires_at_ms) : undefined,
    reason: l.record?.reason ?? l.diagnostic?.message,
    guard: l.guard?.state,
  }));
  const table = formatTable(rows, ['resource', 'state', 'owner', 'expires', 'reason', 'guard']);
  return problems > 0 ? `${table}\n(${problems} diagnostic(s): see --json)` : table;
}
