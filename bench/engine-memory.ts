/**
 * The engine's memory with many instances waiting on a timer, on PGlite: the engine alone in a
 * child process (engine/standalone.ts); its RSS from /proc and its own process.memoryUsage()
 * (V8 heap; `arrayBuffers` holds PGlite's WebAssembly memory), idle, after creating the
 * instances, and after a restart that loads them from the database.
 *
 *   BENCH_TIMER_INSTANCES=100000 npx tsx bench/engine-memory.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chain, end, process as bpmn, start, timer } from '../test/bpmn';
import { zeebeClient } from '../test/sdk-client';
import { kill9, spawnEngine, type EngineProcess } from '../test/durability/spawn';

const TIMER_INSTANCES = Number(process.env.BENCH_TIMER_INSTANCES ?? 100000);
const IN_FLIGHT = 64;

const waiting = bpmn('bench-wait', [
  start('s'),
  `<bpmn:intermediateCatchEvent id="w">${timer('timeDuration', 'P30D')}</bpmn:intermediateCatchEvent>`,
  end('e'),
  ...chain('s', 'w', 'e'),
]);

type Engine = EngineProcess & { output: () => string };

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

function rssMb(pid: number): string {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return (Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024).toFixed(0);
}

/** Waits for the engine's next stats line (ENGINE_STATS=1000) and prints RSS and its breakdown. */
async function report(label: string, engine: Engine, waitMs = 3000): Promise<void> {
  const seen = engine.output().length;
  await new Promise((r) => setTimeout(r, waitMs));
  const lines = engine
    .output()
    .slice(seen)
    .split('\n')
    .filter((l) => l.startsWith('stats '));
  const { memory: m, flushes } = JSON.parse(lines[lines.length - 1].slice(6)) as { memory: NodeJS.MemoryUsage; flushes: number };
  console.log(
    `${label}: RSS ${rssMb(engine.child.pid!)} MB; V8 heap used ${mb(m.heapUsed)} of ${mb(m.heapTotal)} MB; ` +
      `array buffers (PGlite's WebAssembly memory) ${mb(m.arrayBuffers)} MB; external ${mb(m.external)} MB; ${flushes} flushes so far`,
  );
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-memory-'));
  // As `npm run engine` starts it: glibc's malloc arenas bounded (package.json, docs/performance.md).
  const env = { DATA_DIR: dir, DATABASE_URL: '', ENGINE_STATS: '1000', MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2' };
  let engine = await spawnEngine(env);
  try {
    const zbc = zeebeClient(engine.port);
    await zbc.deployResources([{ process: Buffer.from(waiting), name: 'wait.bpmn' }]);
    await report('idle', engine);
    let next = 0;
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next++ < TIMER_INSTANCES)
          await zbc.createProcessInstance({ bpmnProcessId: 'bench-wait', variables: { orderId: 'x'.repeat(16) } });
      }),
    );
    const rate = TIMER_INSTANCES / ((Date.now() - t0) / 1000);
    await zbc.close();
    await report(`${TIMER_INSTANCES} waiting (created at ${rate.toFixed(0)}/s), 3 s later`, engine);
    // V8's memory reducer collects garbage some 8 s after allocation calms down.
    await report(`${TIMER_INSTANCES} waiting, 30 s later`, engine, 27_000);
    await report(`${TIMER_INSTANCES} waiting, 60 s later`, engine, 30_000);
    await kill9(engine);
    engine = await spawnEngine(env);
    await report(`${TIMER_INSTANCES} waiting, after a restart`, engine);
    await report(`${TIMER_INSTANCES} waiting, 30 s after the restart`, engine, 27_000);
  } finally {
    await kill9(engine);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
