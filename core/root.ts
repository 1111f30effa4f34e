import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeJsonAtomic } from './files/atomic-write.ts';
import { BatonError } from './errors.ts';
import { layout } from './layout.ts';

export const ROOT_SCHEMA = 'baton.root.v1';

export const RootRecordSchema = z.looseObject({
  schema: z.literal(ROOT_SCHEMA),
  name: z.string(),
  created_at_ms: z.number().int(),
});
export type RootRecord = z.infer<typeof RootRecordSchema>;

/**
 * Make `dir` a coordination directory: create it and write `baton.json` if missing.
 * Idempotent: an existing `baton.json` is kept and returned.
 *
 * @example
 * initDirectory('/srv/coord'); // { schema: 'baton.root.v1', name: 'coord', created_at_ms: … }
 */
export function initDirectory(dir: string, name = path.basename(path.resolve(dir))): RootRecord {
  const at = layout(dir);
  if (fs.existsSync(at.root) && !fs.statSync(at.root).isDirectory()) {
    throw new BatonError('invalid_argument', `${at.root} exists and is not a directory`);
  }
  fs.mkdirSync(at.root, { recursive: true });
  if (fs.existsSync(at.rootFile)) {
    const parsed = RootRecordSchema.safeParse(JSON.parse(fs.readFileSync(at.rootFile, 'utf8')));
    if (!parsed.success) {
      throw new BatonError('unreadable', `${at.rootFile}: not a baton.root.v1 record`);
    }
    return parsed.data;
  }
  const record: RootRecord = { schema: ROOT_SCHEMA, name, created_at_ms: Date.now() };
  writeJsonAtomic(at.rootFile, record);
  return record;
}
