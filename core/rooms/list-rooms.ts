import fs from 'node:fs';
import path from 'node:path';
import { hasErrnoCode } from '../errors.ts';
import { isAtomicTemp } from '../files/atomic-write.ts';
import type { Diagnostic } from '../files/diagnostic.ts';
import { isValidName } from '../files/names.ts';
import { readRecord } from '../files/read-record.ts';
import { layout } from '../layout.ts';
import { CURSOR_SCHEMA, CursorRecordSchema, ScopeSchema, type Scope } from './message-schema.ts';
import { formatRoomRef } from './room-ref.ts';

export interface ConsumerSummary {
  consumer_id: string;
  cursor: number;
  updated_at_ms: number;
  /** Bytes of the room after this consumer's cursor (0: caught up). */
  pending_bytes: number;
}

export interface RoomSummary {
  /** `SCOPE/SCOPE_ID/ROOM`, the command-line form. */
  ref: string;
  scope: Scope;
  scope_id: string;
  room: string;
  /** Absolute path of the room file. */
  file: string;
  /** Bytes (0 when the room has consumers but no file yet). */
  size: number;
  /** Last append (file mtime), 0 without a file. */
  updated_at_ms: number;
  /** Complete lines in the file, with `count: true` (a corrupt line counts; read() reports it). */
  message_count?: number;
  consumers: ConsumerSummary[];
}

const SCOPES: readonly string[] = ScopeSchema.options;

/**
 * Every room of a coordination directory with its size, last append, consumers and their
 * cursors, sorted by ref; `count: true` also counts lines (reads every room file). Never throws
 * on content: stray files and bad cursor records are diagnostics.
 *
 * @example
 * listRooms('/coord', { count: true }).rooms[0];
 * // { ref: 'workspace/repo-a/planning', size: 5120, message_count: 14, consumers: [...] , … }
 */
export function listRooms(
  dir: string,
  options: { count?: boolean } = {},
): { rooms: RoomSummary[]; diagnostics: Diagnostic[] } {
  const rooms: RoomSummary[] = [];
  const diagnostics: Diagnostic[] = [];
  const roomsDir = layout(dir).roomsDir;
  for (const scope of entries(roomsDir, diagnostics)) {
    const scopeDir = path.join(roomsDir, scope.name);
    if (!scope.isDirectory() || !SCOPES.includes(scope.name)) {
      diagnostics.push(stray(scopeDir, `not a scope (${SCOPES.join(', ')})`));
      continue;
    }
    for (const scopeId of entries(scopeDir, diagnostics)) {
      const idDir = path.join(scopeDir, scopeId.name);
      if (!scopeId.isDirectory() || !isValidName(scopeId.name)) {
        diagnostics.push(stray(idDir, 'not a scope id directory'));
        continue;
      }
      const names = new Set<string>();
      for (const entry of entries(idDir, diagnostics)) {
        const room = roomNameOf(entry.name);
        if (room !== undefined && isValidName(room)) names.add(room);
        else if (!isAtomicTemp(entry.name)) {
          diagnostics.push(stray(path.join(idDir, entry.name), 'not a room file'));
        }
      }
      for (const room of [...names].sort()) {
        rooms.push(
          summarise(idDir, scope.name as Scope, scopeId.name, room, options.count, diagnostics),
        );
      }
    }
  }
  rooms.sort((a, b) => a.ref.localeCompare(b.ref));
  return { rooms, diagnostics };
}

function roomNameOf(name: string): string | undefined {
  const match = /^(.*)\.(jsonl|consumers|ids)$/.exec(name);
  return match?.[1];
}

function summarise(
  idDir: string,
  scope: Scope,
  scopeId: string,
  room: string,
  count: boolean | undefined,
  diagnostics: Diagnostic[],
): RoomSummary {
  const file = path.join(idDir, `${room}.jsonl`);
  let size = 0;
  let updated = 0;
  try {
    const st = fs.statSync(file);
    size = st.size;
    updated = Math.round(st.mtimeMs);
  } catch (error) {
    if (!hasErrnoCode(error, 'ENOENT')) {
      diagnostics.push({
        path: file,
        reason: 'unreadable',
        message: `${file}: ${(error as Error).message}`,
      });
    }
  }
  const consumers: ConsumerSummary[] = [];
  const consumersDir = path.join(idDir, `${room}.consumers`);
  for (const entry of entries(consumersDir, diagnostics)) {
    if (!entry.name.endsWith('.json') || isAtomicTemp(entry.name)) continue;
    const read = readRecord(path.join(consumersDir, entry.name), CursorRecordSchema, CURSOR_SCHEMA);
    if (!read.ok) {
      if (!read.absent) diagnostics.push(read.diagnostic);
      continue;
    }
    consumers.push({
      consumer_id: read.value.consumer_id,
      cursor: read.value.cursor,
      updated_at_ms: read.value.updated_at_ms,
      pending_bytes: Math.max(0, size - read.value.cursor),
    });
  }
  consumers.sort((a, b) => a.consumer_id.localeCompare(b.consumer_id));
  const ref = { scope, scope_id: scopeId, room };
  return {
    ref: formatRoomRef(ref),
    ...ref,
    file,
    size,
    updated_at_ms: updated,
    ...(count ? { message_count: countLines(file, size) } : {}),
    consumers,
  };
}

/** Complete lines (newline bytes) in the first `size` bytes of a file. */
function countLines(file: string, size: number): number {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return 0;
  }
  try {
    const buf = Buffer.allocUnsafe(1024 * 1024);
    let lines = 0;
    let pos = 0;
    while (pos < size) {
      const got = fs.readSync(fd, buf, 0, Math.min(buf.length, size - pos), pos);
      if (got === 0) break;
      pos += got;
      let at = buf.indexOf(0x0a, 0);
      while (at >= 0 && at < got) {
        lines++;
        at = buf.indexOf(0x0a, at + 1);
      }
    }
    return lines;
  } finally {
    fs.closeSync(fd);
  }
}

function entries(dirPath: string, diagnostics: Diagnostic[]): fs.Dirent[] {
  try {
    return fs.readdirSync(dirPath, { withFileTypes: true });
  } catch (error) {
    if (hasErrnoCode(error, 'ENOENT', 'ENOTDIR')) return [];
    diagnostics.push({
      path: dirPath,
      reason: 'unreadable',
      message: `${dirPath}: ${(error as Error).message}`,
    });
    return [];
  }
}

function stray(file: string, why: string): Diagnostic {
  return { path: file, reason: 'unsupported', message: `${file}: ${why}; ignored` };
}
