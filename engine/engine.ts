/**
 * The embedded engine: runs commands one at a time against the in-memory state, group-commits
 * their changes, and only then answers and lets effects (job pushes, results) leave.
 */
import type * as Api from './api';
import { EngineClock } from './clock';
import { setFeelClock, setFeelLimits } from './feel';
import { DeadlineExceededError, FailedPreconditionError, InvalidArgumentError, NotFoundError, UnavailableError } from './errors';
import { JobDispatcher } from './job-dispatch';
import { checkDeploymentSize, checkVariables, DEFAULT_LIMITS, type EngineLimits } from './limits';
import { resolveIncident, setVariables } from './runtime/commands';
import { evaluateDecisionCommand } from './runtime/decisions';
import { applyDeployment, loadModels, prepareDeployment } from './runtime/deploy';
import { fireTimer } from './runtime/fire-timer';
import { cancelProcessInstance, createProcessInstance } from './runtime/instances';
import { activateAdHocActivities, completeAdHocJob } from './runtime/ad-hoc-commands';
import * as jobs from './runtime/jobs';
import type { BatchOperations } from './batch/runner';
import { migrateProcessInstance } from './runtime/migration';
import { modifyProcessInstance } from './runtime/modification';
import { runStep } from './runtime/lifecycle';
import { correlateMessage, expireMessages, publishMessage } from './runtime/messages';
import { Runtime, type Effects } from './runtime/runtime';
import { broadcastSignal } from './runtime/signals';
import * as userTasks from './runtime/user-tasks';
import type { Store } from './state/store';
import { TimerHeap } from './timer-heap';

export interface EngineOptions {
  clockControlled: boolean;
  longPollTimeoutMs: number;
  /** Default timeout of CreateProcessInstanceWithResult. */
  resultTimeoutMs?: number;
  /** Request, variables, deployment and FEEL limits; Zeebe's defaults where it has them. */
  limits?: Partial<EngineLimits>;
  log?: (level: 'info' | 'warn' | 'error', message: string, err?: unknown) => void;
}

const VERSION = '8.8.0';

export class Engine implements Api.EngineCommands {
  readonly rt: Runtime;
  readonly clock: EngineClock;
  readonly jobs: JobDispatcher;
  private readonly timers = new TimerHeap();
  private wakeUp: NodeJS.Timeout | null = null;
  private readonly resultWaiters = new Map<string, (vars: Record<string, unknown> | null) => void>();
  /** User task commands waiting for their task listeners, by user task key. */
  private readonly userTaskWaiters = new Map<string, Set<(rejection: string | null) => void>>();
  private closed = false;
  private lastHousekeeping = 0;
  readonly limits: EngineLimits;
  /** Batch operations (engine/batch); attached before start, as they need the query layer. */
  private batches?: BatchOperations;

  constructor(
    readonly store: Store,
    readonly options: EngineOptions,
  ) {
    this.clock = new EngineClock(options.clockControlled);
    // FEEL's now() and today() follow the engine clock, so a pinned clock moves them too.
    setFeelClock(() => this.clock.now());
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    setFeelLimits({ maxExpressionLength: this.limits.feelMaxExpressionLength, evaluationTimeoutMs: this.limits.feelEvaluationTimeoutMs });
    this.rt = new Runtime(store, this.clock);
    store.onChange('timer', (_prev, next) => {
      if (next) this.timers.push(next.dueDate, next.key);
    });
    this.jobs = new JobDispatcher(this, options.longPollTimeoutMs);
    this.clock.onChange(() => this.schedule(0));
  }

  async start(): Promise<void> {
    await this.store.load();
    await loadModels(this.rt);
    this.schedule(0);
    this.batches?.wake();
  }

  useBatchOperations(batches: BatchOperations): void {
    this.batches = batches;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.batches?.close();
    if (this.wakeUp) clearTimeout(this.wakeUp);
    this.jobs.close();
    await this.store.close();
  }

  /**
   * Runs a command: synchronously and atomically in memory, then durably written. Only after
   * the write do its effects leave the engine.
   */
  async run<T>(command: () => T): Promise<T> {
    const [result] = await this.runAll([command], true);
    return result as T;
  }

  /**
   * Several independent commands in one write; a failing one is undone alone (and rethrown if
   * `strict`, else handed to `onError` or logged).
   */
  async runAll<T>(commands: (() => T)[], strict = false, onError?: (index: number, err: unknown) => void): Promise<(T | undefined)[]> {
    const results: (T | undefined)[] = [];
    const effects: Effects[] = [];
    let failure: unknown;
    for (const [index, command] of commands.entries()) {
      try {
        results.push(
          this.store.transaction(() => {
            const r = command();
            this.rt.drain((step) => runStep(this.rt, step));
            return r;
          }),
        );
        effects.push(this.rt.takeEffects());
      } catch (err) {
        this.rt.clearQueue();
        this.rt.takeEffects();
        results.push(undefined);
        if (strict) failure = err;
        else if (onError) onError(index, err);
        else this.options.log?.('error', 'engine command failed', err);
      }
    }
    const claims = this.jobs.claimForWaiting(new Set(effects.flatMap((e) => [...e.jobsAvailable])));
    try {
      await this.store.flush();
    } catch (err) {
      for (const c of claims) c.cancel();
      throw err;
    }
    for (const c of claims) c.deliver();
    for (const e of effects) this.applyEffects(e);
    if (failure) throw failure;
    return results;
  }

  private applyEffects(e: Effects): void {
    for (const type of e.jobsAvailable) this.jobs.jobsAvailable(type);
    for (const [key, rejection] of e.userTaskOutcomes) for (const settle of this.userTaskWaiters.get(key) ?? []) settle(rejection);
    for (const [key, vars] of e.finishedInstances) {
      this.resultWaiters.get(key)?.(vars);
      this.resultWaiters.delete(key);
      this.rt.awaitingResult.delete(key);
    }
    if (e.timersChanged) this.schedule(0);
  }

  /** Fires due timers, times out jobs, expires messages; then sleeps until the next due time. */
  private schedule(delayMs: number): void {
    if (this.closed) return;
    if (this.wakeUp) clearTimeout(this.wakeUp);
    this.wakeUp = setTimeout(() => void this.tick(), Math.max(0, delayMs));
  }

  private ticking = false;

  private async tick(): Promise<void> {
    if (this.closed) return;
    if (this.ticking) return this.schedule(10);
    this.ticking = true;
    try {
      const now = this.clock.now();
      const due: string[] = [];
      for (let top = this.timers.peek(); top && top.due <= now; top = this.timers.peek()) {
        this.timers.pop();
        const timer = this.store.get('timer', top.key);
        if (timer && timer.dueDate === top.due) due.push(top.key);
      }
      for (let i = 0; i < due.length; i += 500) {
        await this.runAll(due.slice(i, i + 500).map((key) => () => fireTimer(this.rt, key)));
      }
      let nextJobs: number | undefined;
      if (now - this.lastHousekeeping >= 500 || this.clock.controllable) {
        this.lastHousekeeping = now;
        const [next] = await this.runAll([
          () => {
            expireMessages(this.rt);
            const a = jobs.timeOutJobs(this.rt);
            const b = jobs.backoffsDue(this.rt);
            return a === undefined ? b : b === undefined ? a : Math.min(a, b);
          },
        ]);
        nextJobs = next as number | undefined;
      }
      const nextTimer = this.timers.peek()?.due;
      const candidates = [nextTimer, nextJobs, now + 1000].filter((x): x is number => x !== undefined);
      this.schedule(Math.min(...candidates) - this.clock.now());
    } catch (err) {
      this.options.log?.('error', 'engine scheduler failed', err);
      this.schedule(1000);
    } finally {
      this.ticking = false;
    }
  }

  // ---- EngineCommands ----

  topology(): Api.Topology {
    return {
      clusterSize: 1,
      partitionsCount: 1,
      replicationFactor: 1,
      gatewayVersion: VERSION,
      brokers: [
        {
          nodeId: 0,
          host: 'localhost',
          port: 26501,
          version: VERSION,
          partitions: [{ partitionId: 1, role: 'LEADER', health: 'HEALTHY' }],
        },
      ],
    };
  }

  async deployResources(resources: Api.ResourceInput[], tenantId?: string): Promise<Api.DeploymentResult> {
    checkDeploymentSize(resources, this.limits);
    const prepared = await prepareDeployment(resources);
    return this.run(() => applyDeployment(this.rt, prepared, tenantId));
  }

  async deleteResource(resourceKey: string): Promise<void> {
    await this.run(() => {
      const def = this.store.get('process-definition', resourceKey);
      const drg = this.store.get('decision-requirements', resourceKey);
      const form = this.store.get('form', resourceKey);
      if (def && !def.deleted) {
        for (const pi of this.store.values('process-instance')) {
          if (pi.processDefinitionKey === resourceKey && pi.state === 'ACTIVE') {
            throw new FailedPreconditionError(
              `Command 'DELETE' rejected with code 'INVALID_STATE': Expected to delete resource with key '${resourceKey}', but there are running instances of the process definition`,
            );
          }
        }
        this.store.put('process-definition', { ...def, deleted: true });
        return;
      }
      if (drg && !drg.deleted) {
        this.store.put('decision-requirements', { ...drg, deleted: true });
        for (const d of [...this.store.values('decision')])
          if (d.decisionRequirementsKey === drg.key) this.store.put('decision', { ...d, deleted: true });
        return;
      }
      if (form && !form.deleted) {
        this.store.put('form', { ...form, deleted: true });
        return;
      }
      throw new NotFoundError(
        `Command 'DELETE' rejected with code 'NOT_FOUND': Expected to delete resource but no resource found with key '${resourceKey}'`,
      );
    });
  }

  async createProcessInstance(req: Api.CreateProcessInstanceRequest): Promise<Api.ProcessInstanceCreated> {
    checkVariables(req.variables, this.limits);
    return this.run(() => createProcessInstance(this.rt, req));
  }

  async createProcessInstanceWithResult(req: Api.CreateWithResultRequest): Promise<Api.ProcessInstanceResult> {
    checkVariables(req.variables, this.limits);
    let finished!: Promise<Record<string, unknown> | null>;
    const created = await this.run(() => {
      const c = createProcessInstance(this.rt, req);
      this.rt.awaitingResult.add(c.processInstanceKey);
      finished = new Promise((resolve) => this.resultWaiters.set(c.processInstanceKey, resolve));
      return c;
    });
    const timeoutMs = req.requestTimeoutMs && req.requestTimeoutMs > 0 ? req.requestTimeoutMs : (this.options.resultTimeoutMs ?? 20000);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const outcome = await Promise.race([finished, timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.resultWaiters.delete(created.processInstanceKey);
      this.rt.awaitingResult.delete(created.processInstanceKey);
      throw new DeadlineExceededError(
        `Expected to receive the result of process instance '${created.processInstanceKey}' within ${timeoutMs} ms, but it did not complete in time`,
      );
    }
    if (outcome === null) {
      throw new FailedPreconditionError(`Expected process instance '${created.processInstanceKey}' to complete, but it was terminated`);
    }
    const only = req.fetchVariables && req.fetchVariables.length > 0 ? req.fetchVariables : undefined;
    const variables = only ? Object.fromEntries(Object.entries(outcome).filter(([k]) => only.includes(k))) : outcome;
    return { ...created, variables };
  }

  async cancelProcessInstance(processInstanceKey: string): Promise<void> {
    await this.run(() => cancelProcessInstance(this.rt, processInstanceKey));
  }

  async modifyProcessInstance(req: Api.ModifyProcessInstanceRequest): Promise<void> {
    for (const a of req.activateInstructions ?? []) for (const v of a.variableInstructions ?? []) checkVariables(v.variables, this.limits);
    await this.run(() => modifyProcessInstance(this.rt, req));
  }

  async migrateProcessInstance(req: Api.MigrateProcessInstanceRequest): Promise<void> {
    await this.run(() => migrateProcessInstance(this.rt, req));
  }

  async createBatchOperation(req: Api.CreateBatchOperationRequest): Promise<Api.BatchOperationCreated> {
    return this.requireBatches().create(req);
  }

  async changeBatchOperation(batchOperationKey: string, action: 'cancel' | 'suspend' | 'resume'): Promise<void> {
    await this.requireBatches().change(batchOperationKey, action);
  }

  private requireBatches(): BatchOperations {
    if (!this.batches) throw new UnavailableError('Batch operations are not available in this engine');
    return this.batches;
  }

  async activateJobs(req: Api.ActivateJobsRequest, signal?: AbortSignal): Promise<Api.ActivatedJob[]> {
    if (!req.type)
      throw new InvalidArgumentError('Expected to activate jobs of a type, but the type was empty', [
        { field: 'type', message: 'must not be empty' },
      ]);
    return this.jobs.activate(req, signal);
  }

  openJobStream(
    req: Omit<Api.ActivateJobsRequest, 'maxJobsToActivate' | 'requestTimeoutMs'>,
    push: (job: Api.ActivatedJob) => boolean,
  ): Api.JobStream {
    return this.jobs.openStream(req, push);
  }

  async completeJob(
    jobKey: string,
    variables: Api.Variables = {},
    result?: Api.AdHocSubProcessJobResult | Api.UserTaskJobResult,
  ): Promise<void> {
    checkVariables(variables, this.limits);
    const adHoc = result?.type === 'adHocSubProcess' ? result : undefined;
    const userTask = result?.type === 'userTask' ? result : undefined;
    await this.run(() => completeAdHocJob(this.rt, jobKey, variables, adHoc) || jobs.completeJob(this.rt, jobKey, variables, userTask));
  }

  async activateAdHocSubProcessActivities(key: string, elements: { elementId: string; variables?: Api.Variables }[]): Promise<void> {
    for (const element of elements) if (element.variables) checkVariables(element.variables, this.limits);
    await this.run(() => activateAdHocActivities(this.rt, key, elements));
  }

  async failJob(jobKey: string, req: Api.FailJobRequest): Promise<void> {
    checkVariables(req.variables, this.limits);
    await this.run(() => jobs.failJob(this.rt, jobKey, req));
  }

  async throwError(jobKey: string, req: Api.ThrowErrorRequest): Promise<void> {
    checkVariables(req.variables, this.limits);
    await this.run(() => jobs.throwJobError(this.rt, jobKey, req));
  }

  async updateJobRetries(jobKey: string, retries: number): Promise<void> {
    await this.run(() => jobs.updateJobRetries(this.rt, jobKey, retries));
  }

  async updateJobTimeout(jobKey: string, timeoutMs: number): Promise<void> {
    await this.run(() => jobs.updateJobTimeout(this.rt, jobKey, timeoutMs));
  }

  async resolveIncident(incidentKey: string): Promise<void> {
    await this.run(() => resolveIncident(this.rt, incidentKey));
  }

  async publishMessage(req: Api.PublishMessageRequest): Promise<{ key: string; tenantId: string }> {
    checkVariables(req.variables, this.limits);
    return this.run(() => publishMessage(this.rt, req));
  }

  async correlateMessage(req: Api.PublishMessageRequest): Promise<{ key: string; tenantId: string; processInstanceKey: string }> {
    checkVariables(req.variables, this.limits);
    return this.run(() => correlateMessage(this.rt, req));
  }

  async setVariables(req: Api.SetVariablesRequest): Promise<{ key: string }> {
    checkVariables(req.variables, this.limits);
    const userTaskKey = this.rt.ei(req.elementInstanceKey)?.runtime.userTaskKey;
    if (!userTaskKey) return { key: (await this.run(() => setVariables(this.rt, req.elementInstanceKey, req.variables, req.local))).key };
    let key = '';
    await this.runUserTaskCommand(userTaskKey, () => {
      const set = setVariables(this.rt, req.elementInstanceKey, req.variables, req.local);
      key = set.key;
      return set.pending ? 'pending' : 'done';
    });
    return { key };
  }

  async broadcastSignal(signalName: string, variables: Api.Variables = {}, tenantId?: string): Promise<{ key: string; tenantId: string }> {
    checkVariables(variables, this.limits);
    return this.run(() => broadcastSignal(this.rt, signalName, variables, tenantId));
  }

  async evaluateDecision(req: Api.EvaluateDecisionRequest): Promise<Api.DecisionEvaluationResult> {
    checkVariables(req.variables, this.limits);
    return this.run(() => evaluateDecisionCommand(this.rt, req));
  }

  async assignUserTask(userTaskKey: string, assignee: string, allowOverride?: boolean, action?: string): Promise<void> {
    await this.runUserTaskCommand(userTaskKey, () =>
      userTasks.assignUserTask(this.rt, userTaskKey, assignee, allowOverride, action || undefined),
    );
  }

  async updateUserTask(userTaskKey: string, changeset: Api.UserTaskChangeset, action?: string): Promise<void> {
    await this.runUserTaskCommand(userTaskKey, () => userTasks.updateUserTask(this.rt, userTaskKey, changeset, action || undefined));
  }

  async unassignUserTask(userTaskKey: string): Promise<void> {
    await this.runUserTaskCommand(userTaskKey, () => userTasks.unassignUserTask(this.rt, userTaskKey));
  }

  async completeUserTask(userTaskKey: string, variables: Api.Variables = {}, action?: string): Promise<void> {
    checkVariables(variables, this.limits);
    await this.runUserTaskCommand(userTaskKey, () => userTasks.completeUserTask(this.rt, userTaskKey, variables, action || undefined));
  }

  /**
   * A user task command with task listeners is answered once they decided, as Zeebe answers it:
   * success when the transition took effect, the rejection when a listener denied it.
   */
  private async runUserTaskCommand(userTaskKey: string, command: () => 'done' | 'pending'): Promise<void> {
    let settle: (rejection: string | null) => void = () => undefined;
    const outcome = new Promise<string | null>((resolve) => (settle = resolve));
    // Registered before the command runs, so no outcome can come before it.
    const waiters = this.userTaskWaiters.get(userTaskKey) ?? new Set();
    this.userTaskWaiters.set(userTaskKey, waiters.add(settle));
    try {
      if ((await this.run(command)) !== 'pending') return;
      const rejection = await outcome;
      if (rejection) throw new FailedPreconditionError(rejection);
    } finally {
      waiters.delete(settle);
      if (waiters.size === 0 && this.userTaskWaiters.get(userTaskKey) === waiters) this.userTaskWaiters.delete(userTaskKey);
    }
  }

  async pinClock(epochMs: number): Promise<void> {
    if (!this.clock.controllable) {
      throw new FailedPreconditionError('The engine clock is not controllable; start the engine with ENGINE_CLOCK_CONTROLLED=true');
    }
    this.clock.pin(epochMs);
    await this.settle();
  }

  async resetClock(): Promise<void> {
    this.clock.reset();
    await this.settle();
  }

  /** Lets due timers fire now (after the clock moved), so the caller sees their effects. */
  async settle(): Promise<void> {
    while (this.ticking) await new Promise((r) => setTimeout(r, 1));
    await this.tick();
  }
}
