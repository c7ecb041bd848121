/**
 * Runs a table of job handlers as @camunda8/sdk workers, so they behave the same against the
 * embedded engine and a Camunda 8 cluster. A handler maps job variables to a domain call and the
 * result back to variables; a BpmnError becomes a BPMN error the model routes; anything else
 * fails the job with its message, and the engine retries it after the back-off.
 */
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
  const workers = Object.entries(opts.table).map(([taskType, fn]) =>
    opts.zbc.createWorker({
      taskType,
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
    taskTypes: Object.keys(opts.table),
    close: async () => {
      for (const w of workers) await w.close().catch(() => {});
    },
  };
}
