/**
 * Hands jobs to workers: long-polling ActivateJobs requests wait here until jobs of their type
 * exist or their request timeout passes; job streams get jobs pushed as they appear. A job is
 * marked activated and written before any worker sees it.
 */
import type { ActivateJobsRequest, ActivatedJob, JobStream } from './api';
import type { Engine } from './engine';
import * as jobs from './runtime/jobs';
import type { Runtime } from './runtime/runtime';

interface Waiter {
  req: ActivateJobsRequest;
  /** Answers the poll unless it was answered or claimed already. */
  resolve: (jobs: ActivatedJob[]) => void;
  /** The poll's promise itself. */
  answer: (jobs: ActivatedJob[]) => void;
  timer: NodeJS.Timeout;
  done: boolean;
}

/** Jobs activated for a waiting long poll inside a command batch, handed over after its write. */
export interface Claimed {
  deliver(): void;
  /** The write failed: the poll answers without jobs; the jobs time out as with a lost answer. */
  cancel(): void;
}

interface Stream {
  req: Omit<ActivateJobsRequest, 'maxJobsToActivate' | 'requestTimeoutMs'>;
  push: (job: ActivatedJob) => boolean;
  open: boolean;
}

/** Activates up to the poll's maximum of jobs of its type for it. */
function activateForPoll(rt: Runtime, req: ActivateJobsRequest): ActivatedJob[] {
  return jobs.activateJobs(rt, req.type, req.worker, req.timeoutMs, req.maxJobsToActivate, req.fetchVariable, req.tenantIds);
}

export class JobDispatcher {
  private readonly waiters = new Map<string, Waiter[]>();
  private readonly streams = new Map<string, Stream[]>();
  private readonly busy = new Set<string>();
  private readonly again = new Set<string>();

  constructor(
    private readonly engine: Engine,
    private readonly defaultLongPollMs: number,
  ) {}

  async activate(req: ActivateJobsRequest, signal?: AbortSignal): Promise<ActivatedJob[]> {
    const found = await this.engine.run(() =>
      jobs.activateJobs(this.engine.rt, req.type, req.worker, req.timeoutMs, req.maxJobsToActivate, req.fetchVariable, req.tenantIds),
    );
    if (found.length > 0 || req.requestTimeoutMs < 0 || signal?.aborted) return found;
    const waitMs = req.requestTimeoutMs > 0 ? req.requestTimeoutMs : this.defaultLongPollMs;
    return new Promise((resolve) => {
      const waiter: Waiter = {
        req,
        done: false,
        answer: resolve,
        resolve: (list) => {
          if (waiter.done) return;
          this.settle(waiter);
          resolve(list);
        },
        timer: setTimeout(() => waiter.resolve([]), waitMs),
      };
      signal?.addEventListener('abort', () => waiter.resolve([]), { once: true });
      const list = this.waiters.get(req.type) ?? [];
      list.push(waiter);
      this.waiters.set(req.type, list);
      // A job may have appeared between the first look and the registration.
      this.jobsAvailable(req.type);
    });
  }

  openStream(req: Stream['req'], push: Stream['push']): JobStream {
    const stream: Stream = { req, push, open: true };
    const list = this.streams.get(req.type) ?? [];
    list.push(stream);
    this.streams.set(req.type, list);
    this.jobsAvailable(req.type);
    return {
      close: () => {
        stream.open = false;
        const l = this.streams.get(req.type) ?? [];
        this.streams.set(
          req.type,
          l.filter((s) => s !== stream),
        );
      },
    };
  }

  /**
   * Inside a command batch, before its write: activates jobs of these types for long polls already
   * waiting, so the jobs the batch created go out with its own write instead of a second one after
   * it (a job hop then costs one write, not two). Types a dispatch is busy with or with open streams
   * are left to `jobsAvailable` after the write. Nothing leaves before the write committed: the
   * caller delivers the claims after it.
   */
  claimForWaiting(types: Iterable<string>): Claimed[] {
    const claims: Claimed[] = [];
    const rt = this.engine.rt;
    for (const type of types) {
      // Streams come first (`dispatch`), after the write.
      if (this.busy.has(type) || this.streams.get(type)?.some((s) => s.open)) continue;
      for (const waiter of [...(this.waiters.get(type) ?? [])]) {
        if (waiter.done) continue;
        let found: ActivatedJob[];
        try {
          found = this.engine.store.transaction(() => activateForPoll(rt, waiter.req));
        } catch (err) {
          // Undone; the dispatch after the write tries again and answers the poll.
          this.engine.options.log?.('error', 'job activation failed', err);
          break;
        }
        // Another waiter may ask for other tenants.
        if (found.length === 0) continue;
        // Claimed: neither its timeout nor an abort may answer it before the write.
        this.settle(waiter);
        claims.push({ deliver: () => waiter.answer(found), cancel: () => waiter.answer([]) });
      }
    }
    return claims;
  }

  private settle(waiter: Waiter): void {
    waiter.done = true;
    clearTimeout(waiter.timer);
    this.removeWaiter(waiter);
  }

  /** Jobs of a type may be activatable: serve streams first, then waiting long polls. */
  jobsAvailable(type: string): void {
    if (this.busy.has(type)) {
      this.again.add(type);
      return;
    }
    if (!this.streams.get(type)?.length && !this.waiters.get(type)?.length) return;
    this.busy.add(type);
    void this.dispatch(type).finally(() => {
      this.busy.delete(type);
      if (this.again.delete(type)) this.jobsAvailable(type);
    });
  }

  private async dispatch(type: string): Promise<void> {
    for (;;) {
      const streams = (this.streams.get(type) ?? []).filter((s) => s.open);
      const waiter = (this.waiters.get(type) ?? []).find((w) => !w.done);
      if (streams.length === 0 && !waiter) return;
      const rt = this.engine.rt;
      if (streams.length > 0) {
        // Round robin: one job per stream per pass.
        const batch = await this.engine.runAll(
          streams.map((s) => () => jobs.activateJobs(rt, type, s.req.worker, s.req.timeoutMs, 1, s.req.fetchVariable, s.req.tenantIds)),
        );
        let any = false;
        for (let i = 0; i < streams.length; i++) {
          for (const job of batch[i] ?? []) {
            any = true;
            if (!streams[i].open || !streams[i].push(job)) await this.yieldBack(job.key);
          }
        }
        if (!any) return;
        continue;
      }
      if (!waiter) return;
      const found = await this.engine.run(() => activateForPoll(rt, waiter.req));
      if (found.length === 0) return;
      if (waiter.done) {
        for (const job of found) await this.yieldBack(job.key);
        continue;
      }
      waiter.resolve(found);
    }
  }

  /** A job no one took is activatable again at once. */
  private async yieldBack(jobKey: string): Promise<void> {
    await this.engine.run(() => {
      const job = this.engine.store.get('job', jobKey);
      if (job && job.state === 'ACTIVATED')
        this.engine.store.put('job', { ...job, state: 'CREATED', worker: undefined, deadline: undefined });
    });
  }

  private removeWaiter(w: Waiter): void {
    const list = this.waiters.get(w.req.type);
    if (list)
      this.waiters.set(
        w.req.type,
        list.filter((x) => x !== w),
      );
  }

  close(): void {
    for (const list of this.waiters.values()) for (const w of list) w.resolve([]);
    this.waiters.clear();
    this.streams.clear();
  }
}
