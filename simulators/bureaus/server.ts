import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isResponse, type SimulatedBureauApi } from './api';
import { creditreformApi } from './creditreform';
import { json, type SimResponse } from './http';
import { infoscoreApi } from './infoscore';
import { behaviourFor, simulatedBureaus, type SimulatedBureau } from './personas';
import { createReportIntake, reportPaths, type ReceivedDelivery } from './reports';
import { schufaApi } from './schufa';

export interface BureauSimulatorOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** Added to every bureau answer, to measure the process under realistic bureau latency. */
  latencyMs?: number;
  /** How long the slow persona waits before answering; must exceed the adapters' timeout. */
  slowMs?: number;
}

export interface BureauStatus {
  name: SimulatedBureau;
  up: boolean;
  requests: number;
}

export interface BureauSimulator {
  /** Base URL; each bureau lives under `${url}/${name}`. */
  url: string;
  close(): Promise<void>;
  /** The same switches as the admin API, for in-process tests. */
  setUp(bureau: SimulatedBureau, up: boolean): void;
  setLatency(ms: number): void;
  status(): BureauStatus[];
  /** The deliveries of payment experiences received (all bureaus, or one), oldest first. */
  reports(bureau?: SimulatedBureau): ReceivedDelivery[];
  /** All bureaus up, counters zero, received reports forgotten. */
  reset(): void;
}

const apis: Record<SimulatedBureau, SimulatedBureauApi> = { schufa: schufaApi, infoscore: infoscoreApi, creditreform: creditreformApi };
const maxBodyBytes = 64 * 1024;
/** A monthly delivery of payment experiences carries many records. */
const maxReportBodyBytes = 16 * 1024 * 1024;

/**
 * Three credit bureaus behind one HTTP server, answering deterministically by persona (see
 * README.md), plus an admin API to take bureaus down and up and to change the latency.
 */
export async function startBureauSimulator(opts: BureauSimulatorOptions): Promise<BureauSimulator> {
  let latencyMs = opts.latencyMs ?? 0;
  const slowMs = opts.slowMs ?? 30_000;
  const up = new Map<SimulatedBureau, boolean>(simulatedBureaus.map((b) => [b, true]));
  const requests = new Map<SimulatedBureau, number>(simulatedBureaus.map((b) => [b, 0]));
  const timers = new Set<NodeJS.Timeout>();
  const intake = createReportIntake();

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (ms <= 0) return resolve();
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const status = (): BureauStatus[] => simulatedBureaus.map((name) => ({ name, up: up.get(name)!, requests: requests.get(name)! }));

  function admin(method: string, path: string, body: string): SimResponse {
    const m = /^\/admin\/bureaus\/([a-z]+)\/(up|down)$/.exec(path);
    if (method === 'POST' && m) {
      const targets = m[1] === 'all' ? simulatedBureaus : simulatedBureaus.filter((b) => b === m[1]);
      if (targets.length === 0) return json(404, { error: `unknown bureau ${m[1]}` });
      for (const b of targets) up.set(b, m[2] === 'up');
      return json(200, status());
    }
    if (method === 'GET' && path === '/admin/bureaus') return json(200, status());
    const reports = /^\/admin\/reports(?:\/([a-z]+))?$/.exec(path);
    if (method === 'GET' && reports) {
      if (reports[1] && !simulatedBureaus.includes(reports[1] as SimulatedBureau))
        return json(404, { error: `unknown bureau ${reports[1]}` });
      return json(200, intake.list(reports[1] as SimulatedBureau | undefined));
    }
    if (method === 'PUT' && path === '/admin/latency') {
      const ms = Number((JSON.parse(body || '{}') as { ms?: unknown }).ms);
      if (!Number.isFinite(ms) || ms < 0) return json(400, { error: 'expected {"ms": <non-negative number>}' });
      latencyMs = ms;
      return json(200, { latencyMs });
    }
    if (method === 'POST' && path === '/admin/reset') {
      reset();
      return json(200, status());
    }
    return json(404, { error: `no route ${method} ${path}` });
  }

  async function bureau(name: SimulatedBureau, method: string, path: string, body: string): Promise<SimResponse> {
    requests.set(name, requests.get(name)! + 1);
    const api = apis[name];
    await sleep(latencyMs);
    if (!up.get(name)) return api.unavailable();
    const report = intake.handle(name, method, path, body);
    if (report) return report;
    const parsed = api.parse(method, path, body);
    if (isResponse(parsed)) return parsed;
    const behaviour = behaviourFor(name, parsed.person);
    if (behaviour.kind === 'slow') {
      await sleep(slowMs);
      return api.answer(parsed, { kind: 'scored', band: 'green', position: 0.5, fraud: false });
    }
    return api.answer(parsed, behaviour);
  }

  async function handle(req: http.IncomingMessage): Promise<SimResponse> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const isReport = Object.entries(reportPaths).some(([b, p]) => path === `/${b}${p}`);
    const body = await readBody(req, isReport ? maxReportBodyBytes : maxBodyBytes);
    const method = req.method ?? 'GET';
    if (path.startsWith('/admin/')) return admin(method, path, body);
    const [, first, ...rest] = path.split('/');
    if (simulatedBureaus.includes(first as SimulatedBureau)) return bureau(first as SimulatedBureau, method, `/${rest.join('/')}`, body);
    return json(404, { error: `no route ${method} ${path}` });
  }

  function reset(): void {
    for (const b of simulatedBureaus) {
      up.set(b, true);
      requests.set(b, 0);
    }
    intake.reset();
  }

  const server = http.createServer((req, res) => {
    handle(req).then(
      (r) => {
        if (!res.destroyed) res.writeHead(r.status, { 'content-type': r.contentType }).end(r.body);
      },
      (err: Error) => {
        if (!res.destroyed) res.writeHead(400, { 'content-type': 'text/plain' }).end(err.message);
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;

  return {
    url: `http://${addr.address}:${addr.port}`,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    setUp: (b, isUp) => {
      up.set(b, isUp);
    },
    setLatency: (ms) => {
      latencyMs = ms;
    },
    status,
    reports: (b) => intake.list(b),
    reset,
  };
}

function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
