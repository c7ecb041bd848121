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
export function collectWhenQuiet(flushes: () => number, collected?: (ms: number) => void): void {
  v8.setFlagsFromString('--expose-gc');
  // Called without options: Node 20's V8 answers gc({ type: 'major', … }) with a scavenge only
  // (seen with --trace-gc), which left the burst's garbage in the old space.
  const gc = vm.runInNewContext('gc') as () => void;
  let seen = flushes();
  // Loading the runtime records at start is work too.
  let dirty = true;
  setInterval(() => {
    const now = flushes();
    if (now !== seen) {
      seen = now;
      dirty = true;
    } else if (dirty) {
      dirty = false;
      // Evacuating every fragmented page, not only V8's usual picks, gives their memory back.
      const t0 = performance.now();
      v8.setFlagsFromString('--compact-on-every-full-gc');
      gc();
      v8.setFlagsFromString('--no-compact-on-every-full-gc');
      collected?.(performance.now() - t0);
    }
  }, QUIET_MS).unref();
}
