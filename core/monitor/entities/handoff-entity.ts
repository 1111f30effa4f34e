import type { HandoffView } from '../../api/views.ts';
import { BatonError } from '../../errors.ts';
import type { Diagnostic } from '../../files/diagnostic.ts';
import { readHandoff, type HandoffView as DomainHandoffView } from '../../handoffs/index.ts';

/** What the model keeps of one handoff: the handoffs module's view, or why it is unreadable. */
export type HandoffRaw =
  | { id: string; read: DomainHandoffView; diagnostics: Diagnostic[] }
  | { id: string; read?: undefined; diagnostics: Diagnostic[] };

/**
 * Read one handoff in whatever state it is; `undefined` when no state holds it.
 *
 * @example
 * loadHandoff('/coord', 'handoff-20250101T120000123Z-9f3e2b8d')?.read?.state;
 */
export function loadHandoff(dir: string, id: string, now: number): HandoffRaw | undefined {
  try {
    const read = readHandoff(dir, id, { now });
    return { id, read, diagnostics: read.diagnostics };
  } catch (error) {
    if (error instanceof BatonError && error.code === 'not_found') return undefined;
    if (error instanceof BatonError && error.code === 'unreadable') {
      const diagnostic = (error.detail?.diagnostic as Diagnostic | undefined) ?? {
        path: String(error.detail?.path ?? id),
        reason: 'malformed' as const,
        message: error.message,
      };
      return { id, diagnostics: [diagnostic] };
    }
    if (error instanceof BatonError && error.code === 'invalid_argument') return undefined;
    return {
      id,
      diagnostics: [
        { path: id, reason: 'unreadable', message: `handoff ${id}: ${(error as Error).message}` },
      ],
    };
  }
}

/**
 * The contract's view of a handoff (`undefined` while its record is unreadable: the
 * diagnostic stands for it).
 *
 * @example
 * handoffView(raw)?.state; // 'pending'
 */
export function handoffView(raw: HandoffRaw): HandoffView | undefined {
  const read = raw.read;
  if (!read) return undefined;
  const h = read.handoff;
  const d = read.decision;
  return {
    key: raw.id,
    id: raw.id,
    state: read.state,
    from: h.from,
    to: h.to,
    ...(h.artifact !== undefined ? { artifact: h.artifact } : {}),
    message: h.message,
    ...(h.run_id !== undefined ? { run_id: h.run_id } : {}),
    ...(h.thread_id !== undefined ? { thread_id: h.thread_id } : {}),
    ...(h.room !== undefined ? { room: h.room } : {}),
    created_at_ms: h.created_at_ms,
    ...(h.deadline_ms !== undefined ? { deadline_ms: h.deadline_ms } : {}),
    ...(d
      ? {
          decision: {
            decision: d.decision,
            by: d.by,
            at_ms: d.at_ms,
            ...(d.note !== undefined ? { note: d.note } : {}),
            ...(d.reason !== undefined ? { reason: d.reason } : {}),
          },
        }
      : {}),
  };
}
