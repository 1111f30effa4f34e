import { MessageKindSchema } from '../../../core/rooms/message-schema.ts';

/** Kinds an operator may post, from the contract's enum (status first: the usual one). */
export const MESSAGE_KIND_OPTIONS: readonly string[] = MessageKindSchema.options;
