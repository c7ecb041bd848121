/**
 * Read-your-writes over `/v2` searches that lag behind the engine: a Camunda 8.8 cluster answers
 * its searches (and GET by key) from an index its exporter fills seconds after a command. After a
 * claim, completion, retry or cancel the apps read again until they see their own change, for a
 * bounded time, instead of showing the state before it once. (The embedded engine reads its own
 * writes: the first read already shows the change.) Used by the Tasklist and the Cockpit.
 */

export interface PollOptions {
  /** Longest wait; then the last answer is shown as it is. */
  timeoutMs?: number;
  intervalMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Loads until `reflected(answer)` or the time is up; the last answer either way (errors are thrown). */
export async function pollUntil<T>(
  load: () => Promise<T>,
  reflected: (answer: T) => boolean,
  { timeoutMs = 10_000, intervalMs = 500 }: PollOptions = {},
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const answer = await load();
    if (reflected(answer) || Date.now() + intervalMs > until) return answer;
    await sleep(intervalMs);
  }
}

/**
 * Keys of things this user has just finished (completed tasks), hidden from search answers that
 * still contain them. A key is forgotten once a search no longer returns it, or after `hideMs`.
 */
export class RecentlyDone {
  private readonly since = new Map<string, number>();

  constructor(
    private readonly hideMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  add(key: string): void {
    this.since.set(key, this.now());
  }

  has(key: string): boolean {
    return this.since.has(key);
  }

  /** The answer without the hidden keys. */
  filter<T>(items: T[], keyOf: (item: T) => string): T[] {
    const returned = new Set(items.map(keyOf));
    for (const [key, at] of this.since) if (!returned.has(key) || this.now() - at > this.hideMs) this.since.delete(key);
    return items.filter((item) => !this.since.has(keyOf(item)));
  }
}
