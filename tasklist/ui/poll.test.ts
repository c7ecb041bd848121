/** Read-your-writes helpers of the apps: polling with a bound, and hiding just-completed tasks. */
import { pollUntil, RecentlyDone } from './poll';

test('pollUntil reads again until the answer shows the change', async () => {
  const answers = ['CREATED', 'CREATED', 'COMPLETED'];
  let reads = 0;
  const last = await pollUntil(
    async () => answers[reads++],
    (state) => state === 'COMPLETED',
    { intervalMs: 5 },
  );
  expect(last).toBe('COMPLETED');
  expect(reads).toBe(3);
});

test('pollUntil gives up after its bound and returns the last answer', async () => {
  let reads = 0;
  const began = Date.now();
  const last = await pollUntil(
    async () => ++reads,
    () => false,
    { timeoutMs: 60, intervalMs: 10 },
  );
  expect(Date.now() - began).toBeLessThan(200);
  expect(last).toBe(reads);
  expect(reads).toBeGreaterThan(1);
});

test('a completed task stays hidden while the search still returns it, and is forgotten once it does not', () => {
  let now = 0;
  const done = new RecentlyDone(60_000, () => now);
  const key = (x: { k: string }) => x.k;
  done.add('1');
  expect(done.filter([{ k: '1' }, { k: '2' }], key)).toEqual([{ k: '2' }]);
  now = 5_000;
  expect(done.filter([{ k: '1' }, { k: '2' }], key)).toEqual([{ k: '2' }]);
  expect(done.has('1')).toBe(true);
  // The search caught up: the key is forgotten.
  expect(done.filter([{ k: '2' }], key)).toEqual([{ k: '2' }]);
  expect(done.has('1')).toBe(false);

  // Bounded: after hideMs a task the search still returns shows again.
  done.add('3');
  now = 70_000;
  expect(done.filter([{ k: '3' }], key)).toEqual([{ k: '3' }]);
});
