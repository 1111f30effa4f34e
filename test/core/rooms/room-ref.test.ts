import { describe, expect, it } from 'vitest';
import { BatonError } from '../../../core/errors.ts';
import {
  formatRoomRef,
  parseRoomRef,
  roomFile,
  validateRoomRef,
} from '../../../core/rooms/index.ts';

describe('parseRoomRef', () => {
  it('parses SCOPE/SCOPE_ID/ROOM and formats it back', () => {
    const ref = parseRoomRef('workspace/repo-a/planning');
    expect(ref).toEqual({ scope: 'workspace', scope_id: 'repo-a', room: 'planning' });
    expect(formatRoomRef(ref)).toBe('workspace/repo-a/planning');
  });

  it.each(['session', 'pipeline', 'tenant', 'workspace', 'task'])('accepts scope %s', (scope) => {
    expect(parseRoomRef(`${scope}/x/y`).scope).toBe(scope);
  });

  it.each([
    ['planning', /SCOPE\/SCOPE_ID\/ROOM/],
    ['workspace/repo-a', /SCOPE\/SCOPE_ID\/ROOM/],
    ['workspace/a/b/c', /SCOPE\/SCOPE_ID\/ROOM/],
    ['team/repo-a/planning', /scope "team" is not one of/],
    ['workspace/repo a/planning', /scope id "repo a"/],
    ['workspace/repo:a/planning', /scope id "repo:a"/],
    ['workspace/repo-a/plan\tning', /room/],
    ['workspace/../planning', /scope id "\.\."/],
    ['workspace//planning', /scope id is required/],
    ['workspace/repo-a/' + 'r'.repeat(129), /1-128 characters/],
  ])('rejects %j', (text, message) => {
    expect(() => parseRoomRef(text)).toThrow(message);
    try {
      parseRoomRef(text);
    } catch (error) {
      expect(error).toBeInstanceOf(BatonError);
      expect((error as BatonError).code).toBe('invalid_argument');
    }
  });
});

describe('roomFile', () => {
  it('places a room at rooms/<scope>/<scope_id>/<room>.jsonl', () => {
    expect(roomFile('/coord', { scope: 'task', scope_id: 't1', room: 'plan' })).toBe(
      '/coord/rooms/task/t1/plan.jsonl',
    );
  });

  it('validates the ref given as an object too', () => {
    expect(() => validateRoomRef({ scope: 'task', scope_id: 'a/b', room: 'plan' })).toThrow(
      /scope id "a\/b"/,
    );
  });
});
