import type { DiagnosticView } from '../../api/views.ts';
import { attentionKey, type AttentionContext, type RuleResult } from './attention-context.ts';

const WHAT: Record<DiagnosticView['reason'], string> = {
  unreadable: 'cannot be read',
  malformed: 'is malformed',
  unsupported: 'has an unsupported schema',
  too_large: 'has a record over the size limit',
};

/**
 * `unreadable_file`: one item per diagnostic (a file or line the monitor could not use), with
 * advice naming the file and the reason. An unsupported schema (a newer writer) is only info.
 *
 * @example
 * diagnosticAttention(diag, ctx).items[0]?.title; // 'agents/a1.json is malformed'
 */
export function diagnosticAttention(
  diagnostic: DiagnosticView,
  _ctx: AttentionContext,
): RuleResult {
  const where =
    diagnostic.offset !== undefined
      ? `${diagnostic.path} (byte ${diagnostic.offset})`
      : diagnostic.path;
  return {
    items: [
      {
        key: attentionKey('unreadable_file', 'diagnostic', diagnostic.key),
        kind: 'unreadable_file',
        severity: diagnostic.reason === 'unsupported' ? 'info' : 'warning',
        title: `${where} ${WHAT[diagnostic.reason]}`,
        since_ms: diagnostic.first_seen_ms,
        subject: { entity: 'diagnostic', key: diagnostic.key },
        evidence: [
          { label: 'file', value: diagnostic.path },
          ...(diagnostic.offset !== undefined
            ? [{ label: 'byte offset', value: String(diagnostic.offset) }]
            : []),
          { label: 'reason', value: diagnostic.reason },
          { label: 'message', value: diagnostic.message },
        ],
        advice:
          diagnostic.reason === 'unsupported'
            ? `${diagnostic.path} was written by a newer or foreign writer; the monitor skips it. Upgrade the monitor if you need to see it.`
            : `The monitor skips ${where} and keeps everything else. Fix or remove the file (its writer may have been interrupted); the item clears when the file reads cleanly.`,
      },
    ],
  };
}
