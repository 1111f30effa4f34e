import { createDeadlineScheduler } from './deadline-scheduler.ts';
import { isDerived, splitSubject, subjectKey, type Derived, type DirtyMarks } from './raw-state.ts';

/**
 * When each subject changes next by time alone. A subject holds ONE deadline: the earliest of
 * its view's own (a lease's expiry, an agent's heartbeat timeout) and its attention rules' (a
 * threshold). When it comes, the subject's view and attention are marked dirty and recomputed.
 */
export interface SubjectDeadlines {
  /** The next instant `entity`'s view of `key` changes by time alone (undefined: never). A
   *  different instant than before marks the subject's attention dirty, whose pass re-plans. */
  setViewDeadline(entity: Derived, key: string, at: number | undefined): void;
  /** Plan `subject`'s wake: its view's deadline or `ruleNext`, whichever comes first. */
  plan(subject: string, ruleNext: number | undefined): void;
  close(): void;
}

export interface SubjectDeadlinesOptions {
  now: () => number;
  dirty: DirtyMarks;
  /**
   * Called for each subject whose deadline came, before it is marked dirty: the model re-reads
   * its record there, so a time-driven change (a lease going stale, an agent crashing) is judged
   * on the file as it is now, even if the event of a renewal or heartbeat was missed.
   */
  reread?: (entity: Derived, key: string) => void;
  /** Deadlines came: their subjects are marked dirty; recompute them. */
  onDue: () => void;
}

/**
 * Create the deadlines, on one timer (core/monitor/deadline-scheduler.ts).
 *
 * @example
 * const deadlines = createSubjectDeadlines({ now: Date.now, dirty, onDue: settle });
 * deadlines.setViewDeadline('lease', key, record.expires_at_ms);
 */
export function createSubjectDeadlines(options: SubjectDeadlinesOptions): SubjectDeadlines {
  const { dirty } = options;
  const viewDeadline = new Map<string, number>(); // subject -> next time-driven change of its view
  const scheduler = createDeadlineScheduler({
    now: options.now,
    onDue: (subjects) => {
      for (const subject of subjects) {
        const [entity, key] = splitSubject(subject);
        if (isDerived(entity)) {
          options.reread?.(entity, key);
          dirty[entity].add(key);
        }
        dirty.attention.add(subject);
      }
      options.onDue();
    },
  });
  return {
    setViewDeadline(entity, key, at) {
      const subject = subjectKey(entity, key);
      const before = viewDeadline.get(subject);
      if (at === undefined) viewDeadline.delete(subject);
      else viewDeadline.set(subject, at);
      if (before !== at) dirty.attention.add(subject);
    },
    plan(subject, ruleNext) {
      const at = Math.min(viewDeadline.get(subject) ?? Infinity, ruleNext ?? Infinity);
      scheduler.set(subject, Number.isFinite(at) ? at : undefined);
    },
    close: () => scheduler.close(),
  };
}
