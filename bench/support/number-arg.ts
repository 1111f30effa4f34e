/**
 * The number after `name` on the command line (`--mb 512`), else `fallback`.
 *
 * @example
 * const mb = numberArg('--mb', 1024);
 */
export function numberArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
