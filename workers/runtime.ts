/**
 * Runs a table of job handlers as @camunda8/sdk workers, so they behave the same against the
 * embedded engine and a Camunda 8 cluster. A handler maps job variables to a domain call and the
 * result back to variables; a BpmnError becomes a BPMN error the model routes; anything else
 * fails the job with its message, and the engine retries it after the back-off.
 */
import os from 'node:os';
import { ConfigError, descriptors, type Settings } from '../config/settings';
import type { ZeebeClient } from '../server/zeebe-client';

export type Vars = Record<string, unknown>;
export type JobHandler = (vars: Vars) => Promise<Vars>;

/** A BPMN error the model routes (e.g. PERSON_UNKNOWN, NO_START_READING). */
export class BpmnError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** Variables the error carries to its catch event (e.g. the reason a form shows). */
    readonly variables: Vars = {},
  ) {
    super(message);
  }
}

/**
 * Another attempt of the same job is doing its work right now (a job redelivered after its timeout
 * while the first worker still runs): try again after the back-off without using up a retry. The
 * other attempt's claim goes stale after its own timeout, so this ends.
 */
export class RetryLaterError extends Error {}

export interface JobWorkerOptions {
  zbc: ZeebeClient;
  table: Record<string, JobHandler>;
  /** The task types of the table to serve (see selectTaskTypes); all when absent. */
  only?: readonly string[];
  /** The name the engine records with each job this process works on (the job's `worker`). */
  workerName?: string;
  retryBackOffMs?: number;
  maxJobsToActivate?: number;
  log?: (message: string) => void;
}

export interface RunningJobWorkers {
  taskTypes: string[];
  close(): Promise<void>;
}

export function startJobWorkers(opts: JobWorkerOptions): RunningJobWorkers {
  const log = opts.log ?? (() => {});
  const retryBackOff = opts.retryBackOffMs ?? 1000;
  const served = Object.entries(opts.table).filter(([taskType]) => !opts.only || opts.only.includes(taskType));
  const workers = served.map(([taskType, fn]) =>
    opts.zbc.createWorker({
      taskType,
      // The SDK sends it as the `worker` of its activation requests; a UUID of its own otherwise.
      ...(opts.workerName ? { id: opts.workerName } : {}),
      timeout: 60_000,
      maxJobsToActivate: opts.maxJobsToActivate ?? 16,
      // The worker long-polls; this is only the pause before it opens the next poll after jobs
      // arrived. At 300 ms every step of an order waited for it (p50 3.7 s POST → decision).
      pollInterval: 20,
      taskHandler: async (job) => {
        let out: Vars;
        try {
          out = await fn(job.variables as Vars);
        } catch (err) {
          if (err instanceof BpmnError)
            return job.error({ errorCode: err.code, errorMessage: err.message, variables: err.variables as never });
          const message = err instanceof Error ? err.message : String(err);
          if (err instanceof RetryLaterError) {
            log(`${taskType}: ${message}; trying again later`);
            return job.fail({ errorMessage: message, retries: job.retries, retryBackOff });
          }
          log(`${taskType} failed (retries left ${job.retries - 1}): ${message}`);
          return job.fail({ errorMessage: message, retries: job.retries - 1, retryBackOff });
        }
        // Outside the try: a completion the engine refuses (the job was cancelled meanwhile) is not a failed job.
        return job.complete(out as never);
      },
    }),
  );
  return {
    taskTypes: served.map(([taskType]) => taskType),
    // All at once: a worker still open while another waits for its jobs would take new ones.
    close: async () => {
      await Promise.all(workers.map((w) => w.close().catch(() => {})));
    },
  };
}

/**
 * A table of handlers with what stopping it releases (its PDF renderer, its own mailer), built
 * before any worker starts so that WORKER_TASK_TYPES is checked against all tables at once.
 */
export interface JobTable {
  table: Record<string, JobHandler>;
  release(): Promise<void>;
}

export interface StartJobTablesOptions extends Omit<JobWorkerOptions, 'table' | 'only'> {
  /** WORKER_TASK_TYPES syntax; empty: every task type of the tables. */
  taskTypes?: string;
}

/**
 * Builds the tables and starts their workers for the task types the patterns select out of all
 * of them: a pattern only one table knows is fine, one no table knows stops the start. Nothing is
 * started then, and every table built is released.
 */
export async function startJobTables(build: (() => JobTable)[], opts: StartJobTablesOptions): Promise<RunningJobWorkers> {
  const tables: JobTable[] = [];
  const releaseAll = async () => {
    for (const t of tables) await t.release().catch(() => {});
  };
  let only: string[];
  try {
    for (const b of build) tables.push(b());
    only = selectTaskTypes(
      opts.taskTypes ?? '',
      tables.flatMap((t) => Object.keys(t.table)),
    );
  } catch (err) {
    await releaseAll();
    throw err;
  }
  const running = tables.map((t) => startJobWorkers({ ...opts, table: t.table, only }));
  return {
    taskTypes: running.flatMap((r) => r.taskTypes),
    close: async () => {
      await Promise.all(running.map((r) => r.close()));
      await releaseAll();
    },
  };
}

/**
 * The task types of `known` that WORKER_TASK_TYPES selects: a comma-separated list of task types,
 * an entry ending in `*` selects every type it is the beginning of; an empty list selects all.
 * An entry that selects nothing is a ConfigError: a typo would otherwise start no worker at all.
 */
export function selectTaskTypes(patterns: string, known: Iterable<string>): string[] {
  const all = [...new Set(known)];
  const entries = patterns
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (!entries.length) return all;
  const matches = (entry: string, type: string) => (entry.endsWith('*') ? type.startsWith(entry.slice(0, -1)) : type === entry);
  const unknown = entries.filter((e) => !all.some((t) => matches(e, t)));
  if (unknown.length) {
    const families = [...new Set(all.map((t) => (t.includes('.') ? `${t.split('.')[0]}.*` : t)))].sort();
    throw new ConfigError(
      descriptors.workerTaskTypes.env,
      `no task type matches ${unknown.map((e) => `"${e}"`).join(', ')} (a * only at the end; known: ${families.join(', ')})`,
    );
  }
  return all.filter((t) => entries.some((e) => matches(e, t)));
}

/** WORKER_NAME, or host name and process id: several worker processes tell apart in the engine. */
export function workerNameOf(settings: Pick<Settings, 'workerName'>): string {
  return settings.workerName.trim() || `${os.hostname()}-${process.pid}`;
}
