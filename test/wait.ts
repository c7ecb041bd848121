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
): Promise<NonNullable<T>> {
  const what = typeof whatOrTimeout === 'string' ? whatOrTimeout : 'a condition';
  const deadline = Date.now() + timeoutMs;
  for (let pause = 10; ; pause = Math.min(pause * 2, 100)) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pause));
  }
}
