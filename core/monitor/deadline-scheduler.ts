/**
 * Time-driven changes of the fleet model (a lease going stale at `expires_at_ms`, an agent
 * missing its heartbeat, a handoff passing its deadline, an attention threshold) fire from
 * deadlines, not from rescanning: each subject holds at most one deadline, kept in a binary
 * min-heap, and ONE timer waits for the earliest. Replacing or cancelling a deadline leaves the
 * old heap entry behind and skips it when it surfaces (lazy deletion), so every operation is
 * O(log n) and nothing runs while no deadline is due.
 */
export interface DeadlineScheduler {
  /** Set (or replace) `subject`'s deadline; `undefined` cancels it. */
  set(subject: string, at_ms: number | undefined): void;
  /** The deadline `subject` holds, if any. */
  get(subject: string): number | undefined;
  /** Number of subjects holding a deadline. */
  readonly size: number;
  /** Stop the timer; no further callbacks. */
  close(): void;
}

export interface DeadlineSchedulerOptions {
  /** Called with every subject whose deadline has passed, in one batch per timer tick. */
  onDue: (subjects: string[]) => void;
  now?: () => number;
  /** Fire this long after a deadline rather than on it (default 1 ms), so that a state derived
   *  with `<=`/`>` comparisons has really flipped when we look. */
  slackMs?: number;
  /** Longest single wait: timers over ~24.8 days overflow in Node, and a clock jump (suspend,
   *  NTP step) is caught on the next wake (default 60 s). */
  maxWaitMs?: number;
}

interface Entry {
  at: number;
  subject: string;
  /** Generation of the subject's deadline this entry was pushed for. */
  gen: number;
}

/**
 * Create a scheduler.
 *
 * @example
 * const s = createDeadlineScheduler({ onDue: (keys) => keys.forEach(recompute) });
 * s.set('lease:locks/a.lock.d', record.expires_at_ms);
 */
export function createDeadlineScheduler(options: DeadlineSchedulerOptions): DeadlineScheduler {
  const now = options.now ?? Date.now;
  const slack = options.slackMs ?? 1;
  const maxWait = options.maxWaitMs ?? 60_000;
  const heap: Entry[] = [];
  const current = new Map<string, { at: number; gen: number }>();
  let gen = 0;
  let timer: NodeJS.Timeout | undefined;
  let timerAt = Infinity;
  let closed = false;

  function push(entry: Entry): void {
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.at <= entry.at) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = entry;
  }

  function pop(): Entry | undefined {
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && heap[right]!.at < heap[left]!.at ? right : left;
      if (heap[child]!.at >= last.at) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
    return top;
  }

  function live(entry: Entry): boolean {
    return current.get(entry.subject)?.gen === entry.gen;
  }

  /** Drop dead entries from the top so heap[0] is the real earliest deadline. */
  function cleanTop(): void {
    while (heap.length > 0 && !live(heap[0]!)) pop();
    // Lazy deletion must not let the heap grow without bound under constant rescheduling.
    if (heap.length > 1024 && heap.length > current.size * 4) rebuild();
  }

  function rebuild(): void {
    heap.length = 0;
    for (const [subject, { at, gen: g }] of current) push({ at, subject, gen: g });
  }

  function arm(): void {
    if (closed) return;
    cleanTop();
    const top = heap[0];
    if (!top) {
      if (timer) clearTimeout(timer);
      timer = undefined;
      timerAt = Infinity;
      return;
    }
    const fireAt = top.at + slack;
    if (timer && timerAt <= fireAt) return; // an earlier wake is already set: it re-arms
    if (timer) clearTimeout(timer);
    timerAt = fireAt;
    timer = setTimeout(tick, Math.min(Math.max(0, fireAt - now()), maxWait));
    timer.unref?.();
  }

  function tick(): void {
    timer = undefined;
    timerAt = Infinity;
    if (closed) return;
    const t = now();
    const due: string[] = [];
    for (;;) {
      cleanTop();
      const top = heap[0];
      if (!top || top.at + slack > t) break;
      pop();
      current.delete(top.subject);
      due.push(top.subject);
    }
    if (due.length > 0) {
      try {
        options.onDue(due);
      } finally {
        arm();
      }
    } else {
      arm();
    }
  }

  return {
    set(subject, at_ms) {
      const existing = current.get(subject);
      if (at_ms === undefined || !Number.isFinite(at_ms)) {
        if (existing) {
          current.delete(subject);
          arm();
        }
        return;
      }
      if (existing?.at === at_ms) return;
      gen++;
      current.set(subject, { at: at_ms, gen });
      push({ at: at_ms, subject, gen });
      arm();
    },
    get(subject) {
      return current.get(subject)?.at;
    },
    get size() {
      return current.size;
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      heap.length = 0;
      current.clear();
    },
  };
}
