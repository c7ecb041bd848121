/**
 * Engine benchmark: the engine in one process (engine/standalone.ts), the @camunda8/sdk client and
 * workers in this one, talking gRPC. Prints instances per second for a one-task process and for a
 * 10-task process with an exclusive FEEL gateway and a timer, job activation latency, and the
 * engine's memory with many instances waiting on timers; on PGlite and, when reachable, PostgreSQL.
 * Beside them, ceilings from the same run: the database's raw durable single-row INSERT commits and
 * grouped rows per second (bench/engine/ceilings.ts), and the in-memory `bpmn-engine` on the same
 * one-task process as a peer (bench/engine/peer.ts).
 *
 * Then the one-task rate once more "through npm start": the whole product (server/main.ts, PGlite
 * on disk) with its workers and HTTP running, the bench's worker on its embedded gateway.
 *
 *   npm run bench:engine                      # defaults
 *   BENCH_INSTANCES=5000 BENCH_TIMER_INSTANCES=100000 npm run bench:engine
 *   BENCH_DATABASES=pglite BENCH_TIMER_INSTANCES=0 BENCH_PEER=false npm run bench:engine   # quicker
 *   BENCH_CPU_PROF=/tmp/prof npm run bench:engine   # CPU profiles of the engine and the client per phase
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chain, end, flow, process as bpmn, serviceTask, start, timer } from '../test/bpmn';
import { zeebeClient, type ZeebeClient } from '../test/sdk-client';
import { kill9, spawnEngine, type EngineProcess } from '../test/durability/spawn';
import { openDatabase } from '../db';
import { insertCeilings } from './engine/ceilings';
import { bpmnEngineOneTaskRate } from './engine/peer';
import { withScratchPostgres } from './scratch-postgres';
import { profiled, profiledEngine } from './cpu-profile';

const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 3000);
const TEN_TASK_INSTANCES = Number(process.env.BENCH_TEN_TASK_INSTANCES ?? 500);
const TIMER_INSTANCES = Number(process.env.BENCH_TIMER_INSTANCES ?? 100000);
const IN_FLIGHT = 64;
/** Which databases to run on: `pglite`, `postgresql` or both (comma-separated). */
const DATABASES = (process.env.BENCH_DATABASES ?? 'pglite,postgresql').toLowerCase();

const oneTask = bpmn('bench-one', [start('s'), serviceTask('t', 'bench-one'), end('e'), ...chain('s', 't', 'e')]);
const tenTask = bpmn('bench-ten', [
  start('s'),
  ...Array.from({ length: 5 }, (_, i) => serviceTask(`a${i}`, 'bench-ten')),
  '<bpmn:exclusiveGateway id="g" default="low" />',
  `<bpmn:intermediateCatchEvent id="w">${timer('timeDuration', 'PT0.1S')}</bpmn:intermediateCatchEvent>`,
  ...Array.from({ length: 5 }, (_, i) => serviceTask(`b${i}`, 'bench-ten')),
  end('e'),
  end('e2'),
  ...chain('s', 'a0', 'a1', 'a2', 'a3', 'a4', 'g'),
  flow('g', 'w', '=score > 400'),
  flow('g', 'e2', undefined, 'low'),
  ...chain('w', 'b0', 'b1', 'b2', 'b3', 'b4', 'e'),
]);
const waiting = bpmn('bench-wait', [
  start('s'),
  `<bpmn:intermediateCatchEvent id="w">${timer('timeDuration', 'P30D')}</bpmn:intermediateCatchEvent>`,
  end('e'),
  ...chain('s', 'w', 'e'),
]);

async function pump(total: number, create: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < total) await create(next++);
    }),
  );
}

/** Starts `total` instances and waits until the worker completed `jobsPerInstance` jobs each. */
async function throughput(zbc: ZeebeClient, processId: string, jobType: string, total: number, jobsPerInstance: number): Promise<number> {
  let done = 0;
  let resolveAll!: () => void;
  const all = new Promise<void>((r) => (resolveAll = r));
  const worker = zbc.createWorker({
    taskType: jobType,
    maxJobsToActivate: 200,
    timeout: 60_000,
    pollInterval: 10,
    taskHandler: async (job) => {
      const r = await job.complete({});
      if (++done === total * jobsPerInstance) resolveAll();
      return r;
    },
  });
  const t0 = Date.now();
  await pump(total, () => zbc.createProcessInstance({ bpmnProcessId: processId, variables: { score: 700 } }));
  await all;
  const seconds = (Date.now() - t0) / 1000;
  await worker.close();
  return total / seconds;
}

type Spawned = EngineProcess & { output: () => string };

interface WriteStats {
  flushes: number;
  records: number;
  writeMs: number;
  /** With the journal (PGlite on disk): writes of engine_record behind it, rows and ms in all. */
  applies: number;
  applied: number;
  applyMs: number;
}

/** The engine's last printed write statistics (ENGINE_STATS, engine/standalone.ts). */
function lastStats(proc: Spawned): WriteStats | undefined {
  const lines = proc.output().match(/^stats .*$/gm);
  return lines ? (JSON.parse(lines[lines.length - 1].slice(6)) as WriteStats) : undefined;
}

/** CPU time (user + system) a process used so far, in ms (/proc/<pid>/stat, clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const ownCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/**
 * A phase of `instances` instances, profiled in the engine's process and in this one (the SDK
 * client) with BENCH_CPU_PROF. Prints the CPU time each process used per instance (what the rate
 * would be bound by on an idle machine, whatever else runs beside the bench) and the engine's group
 * commits during the phase (`stats`: the standalone engine prints them; the product does not).
 */
async function phase<T>(label: string, proc: Spawned, instances: number, fn: () => Promise<T>, stats = true): Promise<T> {
  // A fresh line, so that it counts everything before.
  const statsNow = async () => {
    if (!stats) return undefined;
    const seen = proc.output().length;
    while (proc.output().slice(seen).indexOf('stats ') < 0) await new Promise((r) => setTimeout(r, 20));
    return lastStats(proc);
  };
  const before = await statsNow();
  const cpu = { engine: cpuMsOf(proc.child.pid!), client: ownCpuMs() };
  const result = await profiledEngine(`${label}-engine`, proc, () => profiled(`${label}-client`, fn));
  const engineCpu = (cpuMsOf(proc.child.pid!) - cpu.engine) / instances;
  const clientCpu = (ownCpuMs() - cpu.client) / instances;
  const after = await statsNow();
  const writes = (() => {
    if (!before || !after) return '';
    const flushes = after.flushes - before.flushes;
    const applied = after.applied - before.applied;
    const behind =
      after.applies > before.applies
        ? `; engine_record behind the journal: ${after.applies - before.applies} writes, ${(applied / instances).toFixed(1)} rows and ${((after.applyMs - before.applyMs) / instances).toFixed(2)} ms an instance`
        : '';
    return `; ${flushes} engine writes, ${((after.records - before.records) / flushes).toFixed(1)} records and ${((after.writeMs - before.writeMs) / flushes).toFixed(1)} ms each${behind}`;
  })();
  console.log(`  (${label}: CPU per instance: engine ${engineCpu.toFixed(2)} ms, SDK client ${clientCpu.toFixed(2)} ms${writes})`);
  return result;
}

/** Write statistics every 100 ms (standalone engine only) and, with BENCH_CPU_PROF, profiles on SIGUSR2. */
const engineEnv = (): Record<string, string> => ({
  ENGINE_STATS: '100',
  // As `npm start` and `npm run engine` set it (package.json).
  MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
  ...(process.env.BENCH_CPU_PROF ? { ENGINE_CPU_PROF: path.join(process.env.BENCH_CPU_PROF, 'raw') } : {}),
});

async function activationLatency(zbc: ZeebeClient, samples: number): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const poll = zbc.activateJobs({ type: 'bench-latency', worker: 'lat', timeout: 10_000, maxJobsToActivate: 1, requestTimeout: 10_000 });
    await new Promise((r) => setTimeout(r, 5));
    const t0 = process.hrtime.bigint();
    await zbc.createProcessInstance({ bpmnProcessId: 'bench-latency', variables: {} });
    const [job] = await poll;
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    await zbc.completeJob({ jobKey: job.key, variables: {} });
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(samples * 0.5)], p99: times[Math.min(samples - 1, Math.floor(samples * 0.99))] };
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

async function printCeilings(label: string, databaseUrl: string): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ceiling-'));
  const db = await openDatabase({ databaseUrl, dataDir: dir });
  try {
    // PGlite has one connection; PostgreSQL gets as many clients as the engine's pool.
    const c = await insertCeilings(db, { commits: 2000, rows: 20_000, clients: databaseUrl ? 10 : 1 });
    console.log(
      `${label}: ceiling: raw durable single-row INSERT ${c.singleRowCommitsPerSecond.toFixed(0)} commits/s; grouped (500 a statement) ${c.groupedRowsPerSecond.toFixed(0)} rows/s`,
    );
  } finally {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function run(label: string, env: Record<string, string>): Promise<void> {
  await printCeilings(label, env.DATABASE_URL);
  const proc = await spawnEngine({ ...env, ...engineEnv() });
  const zbc = zeebeClient(proc.port);
  const tag = label.toLowerCase();
  try {
    await zbc.deployResources([
      { process: Buffer.from(oneTask), name: 'one.bpmn' },
      { process: Buffer.from(tenTask), name: 'ten.bpmn' },
      { process: Buffer.from(waiting), name: 'wait.bpmn' },
      {
        process: Buffer.from(bpmn('bench-latency', [start('s'), serviceTask('t', 'bench-latency'), end('e'), ...chain('s', 't', 'e')])),
        name: 'lat.bpmn',
      },
    ]);
    const one = await phase(`${tag}-one`, proc, INSTANCES, () => throughput(zbc, 'bench-one', 'bench-one', INSTANCES, 1));
    console.log(`${label}: one service task: ${one.toFixed(0)} instances/s (${INSTANCES} instances, end to end)`);
    const ten = await phase(`${tag}-ten`, proc, TEN_TASK_INSTANCES, () =>
      throughput(zbc, 'bench-ten', 'bench-ten', TEN_TASK_INSTANCES, 10),
    );
    console.log(
      `${label}: 10 tasks + FEEL gateway + timer: ${ten.toFixed(0)} instances/s = ${(ten * 10).toFixed(0)} jobs/s (${TEN_TASK_INSTANCES} instances)`,
    );
    const lat = await activationLatency(zbc, 200);
    console.log(`${label}: job activation latency (long poll waiting): p50 ${lat.p50.toFixed(1)} ms, p99 ${lat.p99.toFixed(1)} ms`);
    if (TIMER_INSTANCES <= 0) return;
    const before = rssMb(proc.child.pid!);
    const t0 = Date.now();
    await pump(TIMER_INSTANCES, () => zbc.createProcessInstance({ bpmnProcessId: 'bench-wait', variables: { orderId: 'x'.repeat(16) } }));
    const created = (Date.now() - t0) / 1000;
    await new Promise((r) => setTimeout(r, 2000));
    (global as { gc?: () => void }).gc?.();
    console.log(
      `${label}: ${TIMER_INSTANCES} instances waiting on timers: engine RSS ${rssMb(proc.child.pid!).toFixed(0)} MB (was ${before.toFixed(0)} MB; created at ${(TIMER_INSTANCES / created).toFixed(0)}/s)`,
    );
    // The engine collects its garbage once it has written nothing for 10 s (engine/idle-gc.ts).
    await new Promise((r) => setTimeout(r, 28_000));
    console.log(`${label}: ${TIMER_INSTANCES} instances waiting on timers, 30 s later: engine RSS ${rssMb(proc.child.pid!).toFixed(0)} MB`);
  } finally {
    await zbc.close();
    await kill9(proc);
  }
}

/**
 * The one-task rate through `npm start`: the whole product (server/main.ts) on PGlite on disk, its
 * own workers, HTTP server and simulators running beside the engine, the bench's worker on its gRPC
 * gateway.
 */
async function runProduct(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-product-'));
  const proc = await spawnEngine(
    { DATA_DIR: dir, DATABASE_URL: '', HTTP_PORT: '0', BUREAU_SIMULATOR_PORT: '0', SMTP_PORT: '0', ...engineEnv() },
    path.join('..', '..', 'server', 'main.ts'),
    /Zeebe gRPC gateway on [^\s:]+:(\d+)/,
  );
  const zbc = zeebeClient(proc.port);
  try {
    while (!/ready: https?:/.test(proc.output())) await new Promise((r) => setTimeout(r, 50));
    await zbc.deployResources([{ process: Buffer.from(oneTask), name: 'one.bpmn' }]);
    const one = await phase('npm-start-one', proc, INSTANCES, () => throughput(zbc, 'bench-one', 'bench-one', INSTANCES, 1), false);
    console.log(`PGlite through npm start (product workers and HTTP running): one service task: ${one.toFixed(0)} instances/s`);
  } finally {
    await zbc.close();
    await kill9(proc);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(`machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
  if (process.env.BENCH_PEER !== 'false') {
    const peer = await bpmnEngineOneTaskRate(Math.min(INSTANCES, 2000));
    console.log(`peer: bpmn-engine (in memory, no durability, same process as the client): ${peer.toFixed(0)} one-task instances/s`);
  }
  if (DATABASES.includes('pglite')) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-engine-'));
    try {
      await run('PGlite', { DATA_DIR: dir, DATABASE_URL: '' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    if (process.env.BENCH_PRODUCT !== 'false') await runProduct();
  }
  if (!DATABASES.includes('postgres')) return;
  const pg = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  await withScratchPostgres(pg, async (url, skipped) => {
    if (!url) return void console.log(`PostgreSQL: skipped (${skipped})`);
    await run('PostgreSQL', { DATA_DIR: os.tmpdir(), DATABASE_URL: url });
  });
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
