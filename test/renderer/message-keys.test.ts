import { describe, expect, it } from 'vitest';
import { nextMessageIndex } from '../../renderer/src/views/message-keys.ts';

describe('message log keys', () => {
  it('starts on the newest message, then moves within the window', () => {
    expect(nextMessageIndex('ArrowUp', undefined, 50, 10)).toBe(49);
    expect(nextMessageIndex('ArrowDown', undefined, 50, 10)).toBe(49);
    expect(nextMessageIndex('ArrowUp', 49, 50, 10)).toBe(48);
    expect(nextMessageIndex('k', 0, 50, 10)).toBe(0);
    expect(nextMessageIndex('j', 49, 50, 10)).toBe(49);
    expect(nextMessageIndex('PageUp', 5, 50, 10)).toBe(0);
    expect(nextMessageIndex('PageDown', 45, 50, 10)).toBe(49);
    expect(nextMessageIndex('Home', 30, 50, 10)).toBe(0);
    expect(nextMessageIndex('End', 3, 50, 10)).toBe(49);
  });

  it('ignores other keys and an empty log', () => {
    expect(nextMessageIndex('x', 3, 50, 10)).toBeUndefined();
    expect(nextMessageIndex('ArrowUp', undefined, 0, 10)).toBeUndefined();
  });
});
