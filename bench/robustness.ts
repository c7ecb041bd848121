/**
 * Robustness benchmark: single large requests against the whole system (engine, HTTP, PGlite on
 * disk). For growing sizes of
 *  - variables in one command (gRPC SetVariables),
 *  - FEEL work (a script task `for x in 1..n, y in 1..n return x * y`),
 *  - deployment size (gRPC DeployResource, a chain of service tasks with FEEL mappings),
 * it prints the request's time and answer, the longest GET /health latency while it ran (probed
 * every 10 ms from a worker thread, so a blocked server shows), against the 200 ms ceiling, and
 * the RSS before and after (after a GC).
 *
 *   npm run bench:robustness
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Worker } from 'node:worker_threads';
import { chain, end, ext, io, process as bpmn, serviceTask, start } from '../test/bpmn';
import { systemHeaders } from '../test/auth';
import { rawClient, type RawClient } from '../engine/gateway/__tests__/raw-client';
import { startTestSystem } from '../test/e2e/system';
import type { System } from '../server/system';

const CEILING_MS = 200;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(bytes < 10 * 2 ** 20 ? 1 : 0)} MB`;

/** Probes /health from another thread; `stop()` gives the longest latency seen. */
function healthProbe(url: string): { stop(): Promise<number> } {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     let max = 0, running = true;
     parentPort.on('message', () => { running = false; });
     (async () => {
       while (running) {
         const t0 = performance.now();
         try { await (await fetch(workerData.url)).text(); } catch {}
         max = Math.max(max, performance.now() - t0);
         await new Promise((r) => setTimeout(r, 10));
       }
       parentPort.postMessage(max);
     })();`,
    { eval: true, workerData: { url: `${url}/health` } },
  );
  return {
    stop: () =>
      new Promise<number>((resolve) => {
        worker.once('message', (max: number) => void worker.terminate().then(() => resolve(max)));
        worker.postMessage('stop');
      }),
  };
}

interface Row {
  what: string;
  size: string;
  ms: number;
  answer: string;
  healthMs: number;
  rssBefore: number;
  rssAfter: number;
}
const rows: Row[] = [];

async function measure(system: System, what: string, size: string, request: () => Promise<string>): Promise<void> {
  gc();
  const rssBefore = process.memoryUsage().rss;
  const probe = healthProbe(system.httpUrl);
  await new Promise((r) => setTimeout(r, 50));
  const t0 = performance.now();
  const answer = await request().catch((err: Error) => `error: ${err.message.slice(0, 80)}`);
  const ms = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 50));
  const healthMs = await probe.stop();
  gc();
  await new Promise((r) => setTimeout(r, 100));
  gc();
  const row = { what, size, ms, answer, healthMs, rssBefore: process.memoryUsage().rss, rssAfter: 0 };
  row.rssAfter = row.rssBefore;
  row.rssBefore = rssBefore;
  rows.push(row);
  console.log(
    `${what.padEnd(26)} ${size.padStart(18)}  ${ms.toFixed(0).padStart(6)} ms  ${answer.padEnd(34).slice(0, 34)}  /health max ${healthMs.toFixed(0).padStart(5)} ms ${healthMs <= CEILING_MS ? '≤' : '>'} ${CEILING_MS}  RSS ${mb(rssBefore)} → ${mb(row.rssAfter)}`,
  );
}

/**
 * A bare gRPC client: requests are encoded before the clock starts and the client does little work
 * in this process (the SDK would also retry RESOURCE_EXHAUSTED, Zeebe's back pressure, for ever).
 */
let raw: RawClient | undefined;
function client(system: System): RawClient {
  raw ??= rawClient(system.engine!.grpcPort);
  return raw;
}

/** Deploys over gRPC (the REST /v2/deployments route is for admins); the answer is the status. */
async function deploy(system: System, name: string, xml: string): Promise<string> {
  try {
    await client(system).unary('DeployResource', { resources: [{ name, content: Buffer.from(xml) }] });
    return 'deployed';
  } catch (err) {
    return grpcAnswer(err);
  }
}

function grpcAnswer(err: unknown): string {
  const e = err as { code?: number; details?: string; message?: string };
  const codes: Record<number, string> = { 3: 'INVALID_ARGUMENT', 8: 'RESOURCE_EXHAUSTED' };
  return `${codes[e.code ?? -1] ?? e.code ?? ''} ${(e.details ?? e.message ?? '').replace(/^Command '\w+' rejected with code '\w+': /, '').slice(0, 40)}`.trim();
}

async function createInstance(system: System, processId: string): Promise<string> {
  const res = await fetch(`${system.httpUrl}/v2/process-instances`, {
    method: 'POST',
    headers: systemHeaders({ 'content-type': 'application/json' }),
    body: JSON.stringify({ processDefinitionId: processId }),
  });
  if (res.status !== 200) throw new Error(`create ${processId}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { processInstanceKey: string }).processInstanceKey;
}

/** SetVariables over gRPC (the REST route is for operators); the answer is the status. */
async function setVariables(system: System, elementInstanceKey: string, variables: string): Promise<string> {
  try {
    await client(system).unary('SetVariables', { elementInstanceKey, variables, local: false });
    return 'set';
  } catch (err) {
    return grpcAnswer(err);
  }
}

async function variablesPerCommand(system: System): Promise<void> {
  await deploy(
    system,
    'wait.bpmn',
    bpmn('bench-wait', [start('s'), serviceTask('t', 'bench-wait-never'), end('e'), ...chain('s', 't', 'e')]),
  );
  const limit = system.settings.engineMaxVariablesPerCommand;
  for (const n of [1000, 2000, 4000, 8000, limit, 16_000, 200_000]) {
    const key = await createInstance(system, 'bench-wait');
    const variables = JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`variable${i}`, i])));
    const kb = (variables.length / 1024).toFixed(0);
    await measure(system, 'variables per command', `${n} (${kb} KB)`, () => setVariables(system, key, variables));
  }
}

async function feelWork(system: System): Promise<void> {
  for (const n of [100, 300, 1000, 2000]) {
    const id = `bench-feel-${n}`;
    await deploy(
      system,
      `${id}.bpmn`,
      bpmn(id, [
        start('s'),
        `<bpmn:scriptTask id="work">${ext(`<zeebe:script expression="=count(for x in 1..${n}, y in 1..${n} return x * y)" resultVariable="r" />`)}</bpmn:scriptTask>`,
        end('e'),
        ...chain('s', 'work', 'e'),
      ]),
    );
    await measure(system, 'FEEL for x, y in 1..n', `n = ${n} (${n * n} steps)`, async () => {
      const key = await createInstance(system, id);
      const engine = system.engine!.engine;
      const incident = [...engine.store.values('incident')].find((i) => i.processInstanceKey === key);
      return incident ? 'incident (budget)' : 'completed';
    });
  }
}

/** A process of `tasks` service tasks in a chain, each with FEEL input and output mappings. */
function bigProcess(id: string, tasks: number): string {
  const body: string[] = [start('s')];
  const ids = ['s'];
  for (let i = 0; i < tasks; i++) {
    body.push(
      serviceTask(`t${i}`, `bench-deploy-${i % 10}`, {
        io: io(
          { amount: `=if order.amount > ${i} then order.amount * 1.19 else 0`, note: `=string join(["task", "${i}"], " ")` },
          { [`result${i}`]: '=amount' },
        ),
      }),
    );
    ids.push(`t${i}`);
  }
  body.push(end('e'));
  ids.push('e');
  return bpmn(id, [...body, ...chain(...ids)]);
}

async function deploymentSize(system: System): Promise<void> {
  const perTask = bigProcess('x', 2).length - bigProcess('x', 1).length;
  for (const target of [256 * 1024, 1 * 2 ** 20, 2 * 2 ** 20, 3.8 * 2 ** 20, 20 * 2 ** 20]) {
    const tasks = Math.max(1, Math.floor(target / perTask) - 5);
    const xml = bigProcess(`bench-deploy-${target}`, tasks);
    await measure(system, 'deployment (gRPC)', `${mb(Buffer.byteLength(xml))}, ${tasks} tasks`, () => deploy(system, 'big.bpmn', xml));
  }
}

async function main(): Promise<void> {
  console.log(`machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-robustness-'));
  const system = await startTestSystem({
    dataDir: dir,
    engineClockControlled: false,
    workersEnabled: false,
    deployProcessesAtStart: false,
    mailSinkEnabled: false,
    bureauSimulatorEnabled: false,
  });
  const s = system.settings;
  console.log(
    `limits: message ${s.engineMaxMessageSize} B, variables/command ${s.engineMaxVariablesPerCommand}, deployment ${s.engineMaxDeploymentSize} B, ` +
      `FEEL expression ${s.engineFeelMaxExpressionLength} chars, FEEL budget ${s.engineFeelEvaluationTimeoutMs} ms; /health ceiling ${CEILING_MS} ms\n`,
  );
  try {
    await variablesPerCommand(system);
    await feelWork(system);
    await deploymentSize(system);
  } finally {
    raw?.close();
    await system.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const over = rows.filter((r) => r.healthMs > CEILING_MS);
  console.log(
    `\n${rows.length - over.length} of ${rows.length} requests kept /health within ${CEILING_MS} ms` +
      (over.length ? `; over: ${over.map((r) => `${r.what} ${r.size} (${r.healthMs.toFixed(0)} ms)`).join(', ')}` : ''),
  );
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
