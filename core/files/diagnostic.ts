/**
 * A file (or one line of a file) that a reader could not use. Readers never throw on bad
 * content: they report it here and carry on with everything else.
 */
export interface Diagnostic {
  /** Absolute path of the file at fault. */
  path: string;
  /** Byte offset of the bad line, for JSONL files. */
  offset?: number;
  /** absent: vanished mid-read; unreadable: I/O error; malformed: not JSON or wrong shape;
   *  unsupported: an unknown schema or version; too_large: over the record size limit. */
  reason: 'unreadable' | 'malformed' | 'unsupported' | 'too_large';
  message: string;
}
