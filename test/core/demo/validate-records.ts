import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import {
  AgentRecordSchema,
  BarrierArrivalSchema,
  BarrierExpectationSchema,
  CheckpointSchema,
  CursorRecordSchema,
  HandoffDecisionSchema,
  HandoffRecordSchema,
  LifecycleEntrySchema,
  MessageSchema,
  OperatorEntrySchema,
  RunRecordSchema,
  SerializedRegistrySchema,
  UnsettledRecordSchema,
} from '../../../core/index.ts';
import { LeaseRecordSchema } from '../../../core/leases/index.ts';
import { RootRecordSchema } from '../../../core/root.ts';

/** One parsed record of a coordination directory, by the kind its path says it is. */
export interface ParsedRecord {
  /** Path relative to the directory. */
  rel: string;
  kind: RecordKind;
  value: unknown;
}

export type RecordKind =
  | 'root'
  | 'lease'
  | 'agent'
  | 'registry'
  | 'run'
  | 'checkpoint'
  | 'message'
  | 'message_id_claim'
  | 'cursor'
  | 'handoff'
  | 'handoff_decision'
  | 'barrier_arrival'
  | 'barrier_expectation'
  | 'unsettled'
  | 'lifecycle'
  | 'operator';

export interface Inventory {
  records: ParsedRecord[];
  /** Files that did not parse against their schema: `rel: reason`. */
  invalid: string[];
  /** Files no rule knows. */
  unknown: string[];
}

/** Markers that hold no record: the id-claim pruning stamp of a room. */
const MARKERS = [/^rooms\/[^/]+\/[^/]+\/[^/]+\.ids\/\.pruned$/];

const IdClaimShape = {
  safeParse(value: unknown): { success: boolean; error?: unknown } {
    const v = value as { schema?: unknown; message?: unknown } | null;
    if (!v || typeof v.schema !== 'string') return { success: false, error: 'no schema' };
    const message = MessageSchema.safeParse(v.message);
    return message.success ? { success: true } : { success: false, error: message.error };
  },
};

type Rule = {
  test: RegExp;
  kind: RecordKind;
  schema: Pick<z.ZodType, 'safeParse'> | typeof IdClaimShape;
  jsonl?: boolean;
};

const RULES: Rule[] = [
  { test: /^baton\.json$/, kind: 'root', schema: RootRecordSchema },
  {
    // owner.json, and the instance's seal `holder.<token>` (the record it was created with).
    test: /^(locks\/.+\.lock\.d(\.reap\.d)?|runs\/[^/]+\/lease\.lock\.d)\/(owner\.json|holder\.[A-Za-z0-9_-]+)$/,
    kind: 'lease',
    schema: LeaseRecordSchema,
  },
  { test: /^agents\/[^/]+\.json$/, kind: 'agent', schema: AgentRecordSchema },
  { test: /^registry\/[^/]+\.json$/, kind: 'registry', schema: SerializedRegistrySchema },
  { test: /^runs\/[^/]+\/run\.json$/, kind: 'run', schema: RunRecordSchema },
  {
    test: /^runs\/[^/]+\/checkpoints\.jsonl$/,
    kind: 'checkpoint',
    schema: CheckpointSchema,
    jsonl: true,
  },
  {
    test: /^rooms\/[^/]+\/[^/]+\/[^/]+\.jsonl$/,
    kind: 'message',
    schema: MessageSchema,
    jsonl: true,
  },
  {
    test: /^rooms\/[^/]+\/[^/]+\/[^/]+\.consumers\/[^/]+\.json$/,
    kind: 'cursor',
    schema: CursorRecordSchema,
  },
  {
    test: /^rooms\/[^/]+\/[^/]+\/[^/]+\.ids\/[^/]+\.json$/,
    kind: 'message_id_claim',
    schema: IdClaimShape,
  },
  {
    test: /^handoffs\/(pending|accepted|declined)\/[^/]+\.decision\.json$/,
    kind: 'handoff_decision',
    schema: HandoffDecisionSchema,
  },
  {
    test: /^handoffs\/(pending|accepted|declined)\/[^/]+\.json$/,
    kind: 'handoff',
    schema: HandoffRecordSchema,
  },
  { test: /^barriers\/[^/]+\/[^/]+\.json$/, kind: 'barrier_arrival', schema: BarrierArrivalSchema },
  {
    test: /^barriers\/[^/]+\/expected\/[^/]+\.json$/,
    kind: 'barrier_expectation',
    schema: BarrierExpectationSchema,
  },
  { test: /^unsettled\/[^/]+\.json$/, kind: 'unsettled', schema: UnsettledRecordSchema },
  {
    test: /^audit\/lifecycle\.jsonl$/,
    kind: 'lifecycle',
    schema: LifecycleEntrySchema,
    jsonl: true,
  },
  { test: /^audit\/operator\.jsonl$/, kind: 'operator', schema: OperatorEntrySchema, jsonl: true },
];

/**
 * Walk a coordination directory and parse every file against the zod schema its path calls
 * for (JSONL line by line; a last line without newline is not yet written and is skipped).
 *
 * @example
 * const { records, invalid, unknown } = inventory(dir);
 */
export function inventory(dir: string): Inventory {
  const out: Inventory = { records: [], invalid: [], unknown: [] };
  for (const file of walk(dir)) {
    const rel = path.relative(dir, file).split(path.sep).join('/');
    if (MARKERS.some((m) => m.test(rel))) continue;
    const rule = RULES.find((r) => r.test.test(rel));
    if (!rule) {
      out.unknown.push(rel);
      continue;
    }
    const text = fs.readFileSync(file, 'utf8');
    const chunks = rule.jsonl ? text.split('\n').slice(0, -1) : [text];
    chunks.forEach((chunk, line) => {
      const where = rule.jsonl ? `${rel}:${line + 1}` : rel;
      let value: unknown;
      try {
        value = JSON.parse(chunk);
      } catch (error) {
        out.invalid.push(`${where}: ${(error as Error).message}`);
        return;
      }
      const parsed = rule.schema.safeParse(value);
      if (parsed.success) out.records.push({ rel, kind: rule.kind, value });
      else out.invalid.push(`${where}: ${String(parsed.error).slice(0, 200)}`);
    });
  }
  return out;
}

function walk(dir: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...walk(full));
    else files.push(full);
  }
  return files;
}
