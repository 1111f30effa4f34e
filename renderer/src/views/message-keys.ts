/**
 * Where a key press in the message log moves the active message (an index into the loaded
 * window), or undefined for a key the log does not handle. With none active yet, the first
 * press lands on the newest message: a log is read from its live end.
 *
 * @example
 * nextMessageIndex('ArrowUp', undefined, 50, 10); // 49
 */
export function nextMessageIndex(
  key: string,
  active: number | undefined,
  count: number,
  page: number,
): number | undefined {
  if (count === 0) return undefined;
  const last = count - 1;
  const clamp = (i: number) => Math.max(0, Math.min(last, i));
  switch (key) {
    case 'ArrowDown':
    case 'j':
      return active === undefined ? last : clamp(active + 1);
    case 'ArrowUp':
    case 'k':
      return active === undefined ? last : clamp(active - 1);
    case 'PageDown':
      return active === undefined ? last : clamp(active + page);
    case 'PageUp':
      return active === undefined ? last : clamp(active - page);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return undefined;
  }
}
