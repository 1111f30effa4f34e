import { z } from 'zod';
import { RemoteErrorSchema } from './contract.ts';

/**
 * Frames on a message carrier (WebSocket, and the shape the IPC transport mirrors).
 * Client -> server: a call. Server -> client: its result or error, or a pushed event.
 */
export const CallFrameSchema = z.object({
  type: z.literal('call'),
  id: z.number().int().nonnegative(),
  method: z.string(),
  input: z.unknown().optional(),
});
export type CallFrame = z.infer<typeof CallFrameSchema>;

export const ServerFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number(), result: z.unknown() }),
  z.object({ type: z.literal('error'), id: z.number(), error: RemoteErrorSchema }),
  z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown() }),
]);
export type ServerFrame = z.infer<typeof ServerFrameSchema>;
