import { describe, expect, it } from 'vitest';
import { MessageSchema } from '../../../../core/rooms/message-schema.ts';
import { flattenAddress, messageFields } from '../../../../core/monitor/history/message-fields.ts';
import { envelope } from './history-fixtures.ts';

// The hand-written check must accept exactly what MessageSchema accepts.
const variants: Array<[string, Record<string, unknown>]> = [
  ['valid', envelope('m1')],
  ['string from and to', envelope('m1', { from: 'a', to: '*' })],
  ['actor without agent', envelope('m1', { from: { worker_id: 'w1' } })],
  [
    'optional fields',
    envelope('m1', {
      reply_to: 'x',
      thread_id: 't',
      dedupe_key: 'd',
      data: { a: 1 },
      ttl: 5,
      privacy: 'p',
    }),
  ],
  [
    'no refs nor related_ids',
    (() => {
      const e = envelope('m1');
      delete e.refs;
      delete e.related_ids;
      return e;
    })(),
  ],
  ['unknown fields', envelope('m1', { extra: [1, 2] })],
  ['other schema', envelope('m1', { schema: 'harn.coordination.message.v2' })],
  [
    'no schema',
    (() => {
      const e = envelope('m1');
      delete e.schema;
      return e;
    })(),
  ],
  ['empty id', envelope('')],
  ['bad scope', envelope('m1', { scope: 'team' })],
  ['empty scope_id', envelope('m1', { scope_id: '' })],
  ['bad kind', envelope('m1', { kind: 'chat' })],
  ['numeric from', envelope('m1', { from: 7 })],
  ['null to', envelope('m1', { to: null })],
  ['actor with numeric agent', envelope('m1', { from: { agent: 1 } })],
  ['array from', envelope('m1', { from: ['a'] })],
  [
    'missing subject',
    (() => {
      const e = envelope('m1');
      delete e.subject;
      return e;
    })(),
  ],
  ['numeric body', envelope('m1', { body: 1 })],
  ['refs not array', envelope('m1', { refs: {} })],
  ['related_ids of numbers', envelope('m1', { related_ids: [1] })],
  ['numeric reply_to', envelope('m1', { reply_to: 1 })],
  [
    'missing created_at',
    (() => {
      const e = envelope('m1');
      delete e.created_at;
      return e;
    })(),
  ],
  ['fractional ts', envelope('m1', { ts_ms: 1.5 })],
  ['string ts', envelope('m1', { ts_ms: '1' })],
];

describe('messageFields', () => {
  it.each(variants)('agrees with MessageSchema: %s', (_name, value) => {
    const fields = messageFields(value);
    expect('problem' in fields).toBe(!MessageSchema.safeParse(value).success);
  });

  it('rejects non-objects', () => {
    for (const v of [null, 1, 'x', [envelope('m1')]])
      expect('problem' in messageFields(v)).toBe(true);
  });

  it('picks the indexed columns, flattening addresses', () => {
    expect(messageFields(envelope('m1', { to: { session_id: 's9' }, reply_to: 'q' }))).toEqual({
      id: 'm1',
      kind: 'status',
      from: 'builder-1',
      to: 's9',
      subject: 'subject of m1',
      body: 'body of m1',
      ts_ms: 1000,
      reply_to: 'q',
      thread_id: null,
    });
  });
});

describe('flattenAddress', () => {
  it('prefers agent, then session, worker, run and task ids', () => {
    expect(flattenAddress('x')).toBe('x');
    expect(flattenAddress({ agent: 'a', session_id: 's' })).toBe('a');
    expect(flattenAddress({ run_id: 'r', worker_id: 'w' })).toBe('w');
    expect(flattenAddress({ task_id: 't' })).toBe('t');
    expect(flattenAddress({ root_session_id: 'rs' })).toBe('');
  });
});
