import { useEffect, useState } from 'react';

export type RequestState<T> =
  { at: 'loading'; data?: T } | { at: 'ok'; data: T } | { at: 'error'; message: string; data?: T };

/**
 * Run a read request when its inputs change (and again when `refreshKey` changes, e.g. the
 * entity it describes was updated), keeping the previous data on screen while reloading.
 */
export function useRequest<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
  refreshKey?: unknown,
): RequestState<T> {
  const [state, setState] = useState<RequestState<T>>({ at: 'loading' });
  useEffect(() => {
    let cancelled = false;
    // Marking the request as loading when its inputs change is this hook's job.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setState((s) => ({ at: 'loading', ...(s.data !== undefined ? { data: s.data } : {}) }));
    load().then(
      (data) => !cancelled && setState({ at: 'ok', data }),
      (error: unknown) =>
        !cancelled &&
        setState((s) => ({
          at: 'error',
          message: error instanceof Error ? error.message : String(error),
          ...(s.data !== undefined ? { data: s.data } : {}),
        })),
    );
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `load` closes over `deps`
  }, [...deps, refreshKey]);
  return state;
}

/** A value that changes at most once per `ms` (for refetching on live updates without a storm). */
export function useThrottled<T>(value: T, ms: number): T {
  const [throttled, setThrottled] = useState(value);
  const [last, setLast] = useState(0);
  useEffect(() => {
    if (Object.is(value, throttled)) return;
    const wait = Math.max(0, last + ms - Date.now());
    const timer = setTimeout(() => {
      setThrottled(value);
      setLast(Date.now());
    }, wait);
    return () => clearTimeout(timer);
  }, [value, throttled, last, ms]);
  return throttled;
}
