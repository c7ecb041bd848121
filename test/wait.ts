/**
 * The one way tests wait for something asynchronous: a probe polled until it returns a truthy
 * value, which is returned; past the deadline the test fails naming what it waited for. The
 * pause between probes starts at 10 ms and doubles up to 100 ms: quick conditions are seen at
 * once, long waits do not load the system under test.
 *
 *   await waitFor(() => findJob(type), 'the credit-check job');
 *   await waitFor(() => mails.length >= 2, 'two mails', 30_000);
 *   await waitFor(() => state === 'COMPLETED', 5000);   // what defaults to "a condition"
 */
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  whatOrTimeout: string | number = 'a condition',
  timeoutMs = typeof whatOrTimeout === 'number' ? whatOrTimeout : 20_000,
  opts: WaitOptions = {},
): Promise<NonNullable<T>> {
  const what = typeof whatOrTimeout === 'string' ? whatOrTimeout : 'a condition';
  const deadline = Date.now() + timeoutMs;
  for (let pause = 10; ; pause = Math.min(pause * 2, opts.maxPauseMs ?? 100)) {
    const value = opts.probeErrorsAreNo
      ? await Promise.resolve()
          .then(probe)
          .catch(() => undefined)
      : await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) {
      const context = opts.explain ? `\n${opts.explain()}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${context}`);
    }
    await new Promise((r) => setTimeout(r, pause));
  }
}

export interface WaitOptions {
  /** Longest pause between probes (default 100 ms); long waits on a busy child process probe less often. */
  maxPauseMs?: number;
  /** A probe that throws counts as "not yet" (a restarting server refuses connections). */
  probeErrorsAreNo?: boolean;
  /** Appended to the timeout error, e.g. the last lines of a child process's output. */
  explain?: () => string | undefined;
}
