import type { AttentionItem, LeaseView } from '../api/views.ts';
import type { AttentionContext } from './attention/attention-context.ts';
import { evaluateAttention } from './attention/evaluate-attention.ts';
import { createObservedMemo } from './attention/first-observed.ts';
import type { Thresholds } from './attention/thresholds.ts';
import { createCountSeries } from './count-series.ts';
import type { LeaseIndex } from './lease-index.ts';
import { asError, drainSet, splitSubject, type DirtyMarks } from './raw-state.ts';
import type { SubjectDeadlines } from './subject-deadlines.ts';
import type { ViewStore } from './view-store.ts';

/** The attention queue, recomputed subject by subject. */
export interface AttentionPass {
  /** Re-evaluate the rules of every subject marked dirty, at time `t`. */
  run(t: number): void;
  /** How many items there were at time `t`, as far as this process has seen. */
  countAt(t: number): number;
  /** Since when {@link countAt} knows (Infinity before the first pass). */
  countSince(): number;
}

export interface AttentionPassOptions {
  thresholds: Thresholds;
  store: ViewStore;
  leases: LeaseIndex;
  dirty: DirtyMarks;
  deadlines: SubjectDeadlines;
  onError: (error: Error, context: string) => void;
}

/**
 * Runs the attention rules (core/monitor/attention/) for the subjects marked dirty, replaces
 * the items each raised before, and plans each subject's next wake from its rules' answer.
 *
 * @example
 * const attention = createAttentionPass({ thresholds, store, leases, dirty, deadlines, onError });
 * attention.run(Date.now());
 */
export function createAttentionPass(options: AttentionPassOptions): AttentionPass {
  const { store, dirty, deadlines } = options;
  const { views } = store;
  const bySubject = new Map<string, Map<string, AttentionItem>>();
  const counts = createCountSeries();
  const observed = createObservedMemo();

  function context(t: number): AttentionContext {
    return {
      now: t,
      thresholds: options.thresholds,
      agent: (id) => views.agent.get(id),
      run: (id) => views.run.get(id),
      leasesHeldBy: (id) => {
        const list: LeaseView[] = [];
        for (const key of options.leases.heldBy(id)) {
          const view = views.lease.get(key);
          if (view) list.push(view);
        }
        return list;
      },
      observed,
      activeAgents: () => {
        const ids: string[] = [];
        for (const view of views.agent.values()) if (view.liveness === 'active') ids.push(view.id);
        return ids.sort();
      },
    };
  }

  function run(t: number): void {
    if (dirty.attention.size === 0) return;
    const ctx = context(t);
    for (const subject of drainSet(dirty.attention)) {
      const [entity, key] = splitSubject(subject);
      const target = store.subject(entity, key);
      const previous = bySubject.get(subject);
      let next: number | undefined;
      const items = new Map<string, AttentionItem>();
      if (target) {
        try {
          const result = evaluateAttention(target, ctx);
          next = result.next_ms;
          for (const item of result.items) items.set(item.key, item);
        } catch (error) {
          options.onError(asError(error), `attention for ${subject}`);
        }
      }
      for (const [itemKey, item] of items) store.put('attention', itemKey, item);
      for (const itemKey of previous?.keys() ?? []) {
        if (items.has(itemKey)) continue;
        store.put('attention', itemKey, undefined);
        observed.forget(itemKey); // (its subject may be gone: no rule will forget it)
      }
      if (items.size > 0) bySubject.set(subject, items);
      else bySubject.delete(subject);
      deadlines.plan(subject, next);
    }
    counts.record(t, views.attention.size);
  }

  return { run, countAt: (t) => counts.at(t), countSince: () => counts.since() };
}
