import type { ActionResult, ParsedInput } from '../../api/contract.ts';
import type { LeaseView } from '../../api/views.ts';
import { BatonError } from '../../errors.ts';
import { releaseLease } from '../../leases/index.ts';
import { classifyRel } from '../classify-path.ts';
import { leaseView, loadLease } from '../entities/lease-entity.ts';
import { errorText, refuser, type ActionContext } from './action-context.ts';
import { finishDone } from './finish-done.ts';
import { finishFailedAttempt } from './finish-failed-attempt.ts';
import { refuseAbsent } from './refuse-absent.ts';

type Target = { key: string; resource: string; lock_path: string };

/**
 * The operator's `releaseLease`: compare-and-swap on what the operator saw.
 * - The lease is read fresh from disk; a different token than `expected_token` is refused
 *   (`changed`), never released.
 * - An active (or suspect-skew) lease needs `force` and a `reason`; a stale one releases without.
 *   An unforced release of the expected token that its holder renewed since is `changed`, naming
 *   who renewed it and until when (see {@link renewedSinceStale}).
 * - A lease with a record is released strictly BY ITS TOKEN: the leases module checks the token
 *   under the `.reap.d` guard, so a lease that changed hands after our read is refused, not
 *   removed (the race the tests hammer across processes).
 * - An unrecorded or malformed lock directory has no token: it needs `force` and a `reason`, and is
 *   removed by path (`{ strict: false }`) only if it still has no record just before.
 * `resource_path` may be the resource (`src/a.ts`, `runs/r1`) or the lease key
 * (`locks/src/a.ts.lock.d`, `runs/r1/lease.lock.d`), which is unambiguous.
 *
 * @example
 * await releaseLeaseAction(ctx, { resource_path: 'src/a.ts', expected_token: 't1', force: false });
 */
export async function releaseLeaseAction(
  ctx: ActionContext,
  input: ParsedInput<'releaseLease'>,
): Promise<ActionResult> {
  const reason = input.reason?.trim() || undefined;
  const target = resolveTarget(ctx, input.resource_path);
  const base = {
    action: 'release_lease' as const,
    target: target?.key ?? input.resource_path,
    reason,
  };
  if (!target) {
    return refuseAbsent(
      ctx,
      base,
      'invalid',
      `${input.resource_path} is not a lease resource or lease key`,
    );
  }
  const current = (): LeaseView | undefined => readView(ctx, target);
  const before = current();
  if (!before) {
    return refuseAbsent(
      ctx,
      base,
      'not_found',
      `no lease on ${target.resource} (${target.key} does not exist): it was already released`,
    );
  }
  const record = before.record;
  const refuse = refuser(ctx, base, before);

  if (input.expected_token !== undefined && record?.token !== input.expected_token) {
    return refuse(
      'changed',
      record
        ? `lease on ${target.resource} is now held under another token (${record.token}, by ${before.holder ?? record.owner.id}), not ${input.expected_token}: not released`
        : `lease on ${target.resource} has no owner record now (${before.state}), not token ${input.expected_token}: not released`,
    );
  }
  if (before.state === 'acquiring') {
    return refuse(
      'changed',
      `lease on ${target.resource} is being acquired right now (no owner record yet): not released`,
    );
  }
  const forceful = before.state === 'active' || before.state === 'suspect-skew' || !record;
  const renewal = forceful && !input.force ? renewedSinceStale(before, input.expected_token) : '';
  if (renewal) return refuse('changed', renewal);
  if (forceful && !input.force) {
    return refuse(
      'invalid',
      record
        ? `lease on ${target.resource} is ${before.state} (held by ${before.holder ?? record.owner.id} until ${new Date(record.expires_at_ms).toISOString()}): releasing it needs force and a reason`
        : `lease on ${target.resource} is ${before.state} (no usable owner record): releasing it needs force and a reason`,
    );
  }
  if (forceful && !reason) {
    return refuse('invalid', `a reason is required to force-release ${target.resource}`);
  }

  try {
    if (record) {
      const released = releaseLease(ctx.dir, target.resource, {
        token: record.token,
        lock_path: target.lock_path,
      });
      if (!released.released) {
        return finishFailedAttempt(ctx, base, before, current(), {
          result: 'refused',
          code: 'changed',
          message: `lease on ${target.resource} was released by someone else meanwhile`,
        });
      }
    } else {
      const again = current();
      if (again?.record) {
        return finishFailedAttempt(ctx, base, before, again, {
          result: 'refused',
          code: 'changed',
          message: `lease on ${target.resource} was just recorded (token ${again.record.token}, by ${again.holder ?? again.record.owner.id}): not released`,
        });
      }
      releaseLease(ctx.dir, target.resource, { strict: false, lock_path: target.lock_path });
    }
  } catch (error) {
    const now = current();
    if (error instanceof BatonError && (error.code === 'not_holder' || error.code === 'conflict')) {
      return finishFailedAttempt(ctx, base, before, now, {
        result: 'refused',
        code: 'changed',
        message: `lease on ${target.resource} changed while releasing: ${error.message}`,
      });
    }
    return finishFailedAttempt(ctx, base, before, now, {
      result: 'error',
      code: 'error',
      message: `could not release ${target.resource}: ${errorText(error)}`,
    });
  }
  const after = current();
  try {
    ctx.history?.recordTransition({
      ts_ms: ctx.now(),
      entity: 'lease',
      key: target.key,
      kind: 'lease.released_by_operator',
      detail: `${ctx.operator}${reason ? `: ${reason}` : ''}`,
    });
  } catch {
    // the history is a convenience; the audit line is the record
  }
  await ctx.afterAction([
    { kind: 'lease', key: target.key, resource: target.resource, lock_path: target.lock_path },
  ]);
  const holder = before.holder ?? record?.owner.id;
  return finishDone(
    ctx,
    base,
    before,
    after,
    `released ${target.resource}${holder ? ` (was held by ${holder})` : ''}`,
    holder
      ? {
          to: holder,
          subject: `operator released your lease on ${target.resource}`,
          body: `${ctx.operator} released your lease on ${target.resource}${record ? ` (token ${record.token})` : ''}${reason ? `: ${reason}` : ''}. Acquire it again before touching ${target.resource}.`,
          data: {
            resource_path: target.resource,
            lease_key: target.key,
            ...(record ? { token: record.token } : {}),
          },
        }
      : undefined,
  );
}

/**
 * Why an unforced release of a lease the operator expected by token is now refused as `changed`
 * (empty when it is not): the same token, still live, but renewed since it was acquired. A lease
 * keeps its token on renewal and only a renewal moves its expiry, so an unforced release (the
 * operator saw it stale) of a lease that is live again under the same token means its holder
 * renewed it after the operator looked. That is the world moving, not a bad request: `invalid`
 * ("needs force") would tell the operator to force a lease its holder is using. A lease never
 * renewed cannot have been stale and live again, so that request stays `invalid`.
 *
 * @example
 * renewedSinceStale(view, 'lease-1'); // 'lease on src/a.ts was renewed by a1 at … until …'
 */
export function renewedSinceStale(before: LeaseView, expectedToken: string | undefined): string {
  const record = before.record;
  if (!record || expectedToken === undefined || record.token !== expectedToken) return '';
  if (before.state !== 'active' && before.state !== 'suspect-skew') return '';
  const renewed = (record.renewals ?? 0) > 0 || record.updated_at_ms > record.acquired_at_ms;
  if (!renewed) return '';
  const by = before.holder ?? record.owner.id;
  return `lease on ${before.resource_path} was renewed by ${by} at ${new Date(record.updated_at_ms).toISOString()}, after you saw it stale: it is ${before.state} until ${new Date(record.expires_at_ms).toISOString()} (same token ${record.token}); not released. Releasing it now takes it from a working holder: that needs force and a reason`;
}

function resolveTarget(ctx: ActionContext, given: string): Target | undefined {
  const text = given.trim().replace(/^\/+|\/+$/g, '');
  const known = ctx.model.findLease(text);
  const key =
    known?.key ??
    (text.endsWith('.lock.d')
      ? text
      : /^runs\/[^/]+$/.test(text) && !ctx.model.findLease(`locks/${text}.lock.d`)
        ? `${text}/lease.lock.d`
        : `locks/${text}.lock.d`);
  const cls = classifyRel(ctx.dir, key);
  if (!cls || cls.kind !== 'lease') return undefined;
  return { key: cls.key, resource: cls.resource, lock_path: cls.lock_path };
}

function readView(ctx: ActionContext, target: Target): LeaseView | undefined {
  const t = ctx.now();
  const raw = loadLease(target.key, target.resource, target.lock_path, t);
  if (!raw) return undefined;
  return leaseView(raw, t, (id) => ctx.model.agent(id)?.liveness).view;
}
