import { middleEllipsis } from '../format/middle-ellipsis.ts';

/** Width of one character of the monospace font at 12px (kept in step with app.css). */
export const MONO_CHAR_PX = 7.23;

/**
 * A resource path cut in the middle to fit `widthPx` (the file name survives), the full path
 * on hover. Monospace makes the fit exact without measuring each string.
 */
export function PathText({
  path,
  widthPx,
  className,
}: {
  path: string;
  widthPx?: number;
  className?: string;
}) {
  const max = widthPx === undefined ? 60 : Math.max(4, Math.floor((widthPx - 2) / MONO_CHAR_PX));
  const shown = middleEllipsis(path, max);
  return (
    <span className={`mono ${className ?? ''}`} title={shown === path ? undefined : path}>
      {shown}
    </span>
  );
}
