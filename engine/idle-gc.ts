import v8 from 'node:v8';
import vm from 'node:vm';

/** How long the engine must have written nothing before the heap is compacted. */
const QUIET_MS = 10_000;

/**
 * One full garbage collection once the engine falls quiet after a burst of work. V8 sizes its heap
 * by the allocation rate of the burst (creating 100,000 instances leaves 250–600 MB of heap, a
 * third of it or more garbage, depending on when the last collection ran) and, in Node, its memory
 * reducer does not reliably shrink it while the process idles. Waiting instances then cost
 * their live size only (docs/performance.md, "Engine memory"). `flushes` counts the engine's writes.
 */
export function collectWhenQuiet(flushes: () => number): void {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  let seen = flushes();
  let dirty = false;
  setInterval(() => {
    const now = flushes();
    if (now !== seen) {
      seen = now;
      dirty = true;
    } else if (dirty) {
      dirty = false;
      gc();
    }
  }, QUIET_MS).unref();
}
