/** Waiting that stops at once when the caller cancels. */

/** The promise's outcome, or `cancelled()` as soon as the signal aborts. */
export function untilAborted<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  cancelled: () => Error,
): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(cancelled());
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([promise, aborted]).finally(() => signal.removeEventListener('abort', onAbort));
}

/** Waits `ms`, or rejects with `cancelled()` as soon as the signal aborts. */
export function pause(ms: number, signal: AbortSignal | undefined, cancelled: () => Error): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return untilAborted(elapsed, signal, cancelled).finally(() => clearTimeout(timer));
}
