import crypto from 'node:crypto';

let lastMs = -1;
let sequence = 0;

/**
 * A UUID version 7 (RFC 9562): 48 bits of milliseconds, then random bits, so ids sort by time.
 * Within one millisecond a 12-bit counter keeps this process's ids increasing; 62 random bits keep
 * ids from different processes apart.
 *
 * @example
 * uuidV7(); // '01920c5e-7a4b-7c01-9f3e-2b8d4c6a1e90'
 */
export function uuidV7(now = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    sequence = crypto.randomInt(0, 0x800); // start low so the counter rarely overflows
  } else {
    sequence++;
    if (sequence > 0xfff) {
      // 4096 ids in one ms: borrow the next millisecond rather than repeat.
      lastMs++;
      sequence = 0;
    }
  }
  const bytes = crypto.randomBytes(16);
  const ms = lastMs;
  bytes[0] = Math.floor(ms / 2 ** 40) & 0xff;
  bytes[1] = Math.floor(ms / 2 ** 32) & 0xff;
  bytes[2] = (ms >>> 24) & 0xff;
  bytes[3] = (ms >>> 16) & 0xff;
  bytes[4] = (ms >>> 8) & 0xff;
  bytes[5] = ms & 0xff;
  bytes[6] = 0x70 | ((sequence >>> 8) & 0x0f);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A new message id: `coord-` and a time-ordered UUID, as the seed names them.
 *
 * @example
 * newMessageId(); // 'coord-01920c5e-7a4b-7c01-9f3e-2b8d4c6a1e90'
 */
export function newMessageId(): string {
  return `coord-${uuidV7()}`;
}
