/**
 * Shorten `text` to at most `max` characters by cutting out its middle. For paths the end is
 * what tells two resources apart (the file name), so the tail gets the larger share and, when
 * it fits, starts at a `/` boundary: `src/components/…/table/row.tsx`.
 */
export function middleEllipsis(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  if (max <= 1) return '…';
  const budget = max - 1; // one character for the ellipsis
  let tailLength = Math.ceil(budget * 0.6);
  // Prefer to keep the tail from a path separator, if that costs at most a third of the tail.
  const tailStart = chars.length - tailLength;
  const slice = chars.slice(tailStart).join('');
  const slash = slice.indexOf('/');
  if (slash > 0 && slash <= tailLength / 3) tailLength -= slash;
  const headLength = budget - tailLength;
  return `${chars.slice(0, headLength).join('')}…${chars.slice(chars.length - tailLength).join('')}`;
}
