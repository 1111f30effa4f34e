import fs from 'node:fs';
import path from 'node:path';
import { appendJsonLine } from '../../../../core/files/jsonl.ts';
import {
  openHistory,
  type History,
  type HistoryOptions,
} from '../../../../core/monitor/history/index.ts';

/** A valid room envelope (core/rooms/message-schema.ts) with overridable fields. */
export function envelope(id: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schema: 'harn.coordination.message.v1',
    id,
    scope: 'task',
    scope_id: 't1',
    room: 'plan',
    kind: 'status',
    from: { agent: 'builder-1', session_id: 's1' },
    subject: `subject of ${id}`,
    body: `body of ${id}`,
    refs: [],
    related_ids: [],
    created_at: '2026-01-01T00:00:00.000Z',
    ts_ms: 1_000,
    ...over,
  };
}

/** A coordination directory and a data directory side by side in `base`, and helpers. */
export function fleet(base: string) {
  const dir = path.join(base, 'coord');
  const dataDir = path.join(base, 'monitor-data');
  fs.mkdirSync(dir, { recursive: true });
  const opened: History[] = [];
  return {
    dir,
    dataDir,
    room: (key = 'task/t1/plan') => path.join(dir, 'rooms', `${key}.jsonl`),
    /** Append envelopes to a room file; returns each line's cursor. */
    post(file: string, ...messages: Array<Record<string, unknown>>): number[] {
      return messages.map((m) => appendJsonLine(file, m, { mkdir: true }).cursor);
    },
    open(options: Partial<HistoryOptions> = {}): History {
      const h = openHistory({ dataDir, dir, worker: false, ...options });
      opened.push(h);
      return h;
    },
    async closeAll(): Promise<void> {
      await Promise.all(opened.splice(0).map((h) => h.close()));
    },
  };
}
