// Public API of rooms: JSONL message rooms with per-consumer cursors (docs/format.md "Rooms").
export {
  MESSAGE_SCHEMA,
  RECEIPT_SCHEMA,
  CURSOR_SCHEMA,
  MessageSchema,
  MessageKindSchema,
  ScopeSchema,
  AddressSchema,
  CursorRecordSchema,
  type Message,
  type MessageKind,
  type Scope,
  type Address,
  type CursorRecord,
} from './message-schema.ts';
export {
  parseRoomRef,
  formatRoomRef,
  roomFile,
  validateRoomRef,
  consumersDir,
  idClaimsDir,
  type RoomRef,
} from './room-ref.ts';
export { BROADCAST, addressIdentifier, addressMatches } from './address.ts';
export { buildEnvelope, defaultSubject, defaultSender, type PostInput } from './envelope.ts';
export { newMessageId, uuidV7 } from './message-id.ts';
export { ID_CLAIM_WINDOW_MS } from './id-claims.ts';
export { post, type Receipt } from './post.ts';
export { send } from './send.ts';
export { reply, type ReplyParent } from './reply.ts';
export { request } from './request.ts';
export {
  read,
  scanRoom,
  findMessage,
  type RoomEntry,
  type ReadResult,
  type ScanRoomResult,
} from './read.ts';
export { parseMessage, type ParsedMessage } from './parse-message.ts';
export { messageMatches, validateKindFilter, type MessageFilter } from './message-filter.ts';
export { inbox, type InboxOptions, type InboxResult } from './inbox.ts';
export { ack, getCursor, readCursor, cursorFile } from './cursor-store.ts';
export {
  waitReply,
  defaultReplyConsumer,
  type WaitReplyOptions,
  type WaitReplyResult,
} from './wait-reply.ts';
export { subscribe, type SubscribeOptions } from './subscribe.ts';
export { listRooms, type RoomSummary, type ConsumerSummary } from './list-rooms.ts';
