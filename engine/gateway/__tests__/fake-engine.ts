/**
 * A minimal in-memory EngineCommands for testing the gateway's wiring with real clients,
 * independent of the engine core. Every created instance gets one job of type `work`.
 */
import type { ActivateJobsRequest, ActivatedJob, EngineCommands, Variables } from '../../api';
import { FailedPreconditionError, NotFoundError } from '../../errors';

type StreamRequest = Omit<ActivateJobsRequest, 'maxJobsToActivate' | 'requestTimeoutMs'>;

export interface FakeEngine {
  commands: EngineCommands;
  /** Creates an activatable job of the type. */
  addJob(type: string, variables?: Variables): ActivatedJob;
  completed: { jobKey: string; variables?: Variables }[];
  failed: { jobKey: string; retries: number; errorMessage?: string }[];
  /** AbortSignals of long polls, to see them aborted. */
  pollSignals: AbortSignal[];
  openStreams(): number;
}

export function fakeEngine(): FakeEngine {
  let nextKey = 2251799813685249n;
  const key = (): string => String(nextKey++);
  const queue: ActivatedJob[] = [];
  const waiters = new Set<() => void>();
  const streams = new Set<{ req: StreamRequest; push: (job: ActivatedJob) => boolean }>();
  const completed: FakeEngine['completed'] = [];
  const failed: FakeEngine['failed'] = [];
  const pollSignals: AbortSignal[] = [];

  function addJob(type: string, variables: Variables = {}): ActivatedJob {
    const job: ActivatedJob = {
      key: key(),
      type,
      processInstanceKey: key(),
      bpmnProcessId: 'fake',
      processDefinitionVersion: 1,
      processDefinitionKey: '2251799813685000',
      elementId: 'task',
      elementInstanceKey: key(),
      customHeaders: { purpose: 'fake' },
      worker: '',
      retries: 3,
      deadline: 0,
      variables,
      tenantId: '<default>',
    };
    for (const s of streams) {
      if (s.req.type === type && s.push({ ...job, worker: s.req.worker, deadline: Date.now() + s.req.timeoutMs })) return job;
    }
    queue.push(job);
    for (const wake of [...waiters]) wake();
    return job;
  }

  function take(req: ActivateJobsRequest): ActivatedJob[] {
    const out: ActivatedJob[] = [];
    for (let i = 0; i < queue.length && out.length < req.maxJobsToActivate;) {
      if (queue[i].type === req.type) out.push({ ...queue.splice(i, 1)[0], worker: req.worker, deadline: Date.now() + req.timeoutMs });
      else i++;
    }
    return out;
  }

  const commands: EngineCommands = {
    topology: () => ({
      clusterSize: 1,
      partitionsCount: 1,
      replicationFactor: 1,
      gatewayVersion: '8.8.0',
      brokers: [
        {
          nodeId: 0,
          host: 'localhost',
          port: 26501,
          version: '8.8.0',
          partitions: [{ partitionId: 1, role: 'LEADER', health: 'HEALTHY' }],
        },
      ],
    }),
    deployResources: async (resources, tenantId) => ({
      key: key(),
      tenantId: tenantId ?? '<default>',
      processes: resources.map((r) => ({
        bpmnProcessId: /id="([^"]+)"[^>]*isExecutable/.exec(r.content.toString())?.[1] ?? r.name,
        version: 1,
        processDefinitionKey: key(),
        resourceName: r.name,
        tenantId: '<default>',
      })),
      decisions: [],
      decisionRequirements: [],
      forms: [],
    }),
    deleteResource: async (k) => {
      throw new NotFoundError(`Expected to delete resource but no resource found with key \`${k}\``);
    },
    createProcessInstance: async (req) => {
      if (req.bpmnProcessId === 'missing')
        throw new NotFoundError("Expected to find process definition with process ID 'missing', but none found");
      const job = addJob('work', req.variables);
      return {
        processDefinitionKey: '2251799813685000',
        bpmnProcessId: req.bpmnProcessId ?? 'fake',
        version: 1,
        processInstanceKey: job.processInstanceKey,
        tenantId: '<default>',
      };
    },
    createProcessInstanceWithResult: async (req) => ({
      processDefinitionKey: '2251799813685000',
      bpmnProcessId: req.bpmnProcessId ?? 'fake',
      version: 1,
      processInstanceKey: key(),
      tenantId: '<default>',
      variables: { ...req.variables, done: true },
    }),
    cancelProcessInstance: async () => undefined,
    modifyProcessInstance: async () => undefined,
    migrateProcessInstance: async () => undefined,
    activateAdHocSubProcessActivities: async () => undefined,
    createBatchOperation: async (req) => ({ batchOperationKey: '1', batchOperationType: req.batchOperationType }),
    changeBatchOperation: async () => undefined,
    activateJobs: (req, signal) => {
      if (signal) pollSignals.push(signal);
      // 'slow' ignores the abort: its job arrives after the client is gone.
      if (req.type === 'slow')
        return new Promise((resolve) => setTimeout(() => resolve([{ ...addJob('slow-inner'), type: 'slow', worker: req.worker }]), 300));
      const now = take(req);
      if (now.length > 0 || req.requestTimeoutMs < 0) return Promise.resolve(now);
      return new Promise((resolve) => {
        const finish = (): void => {
          waiters.delete(wake);
          clearTimeout(timer);
          signal?.removeEventListener('abort', finish);
          resolve(take(req));
        };
        const wake = (): void => {
          if (queue.some((j) => j.type === req.type)) finish();
        };
        const timer = setTimeout(finish, req.requestTimeoutMs || 10_000);
        waiters.add(wake);
        signal?.addEventListener('abort', finish);
      });
    },
    openJobStream: (req, push) => {
      const s = { req, push };
      streams.add(s);
      return { close: () => streams.delete(s) };
    },
    completeJob: async (jobKey, variables) => {
      if (jobKey === '1') throw new FailedPreconditionError("Expected to complete job with key '1', but it is in state 'FAILED'");
      completed.push({ jobKey, variables });
    },
    failJob: async (jobKey, req) => {
      failed.push({ jobKey, retries: req.retries, errorMessage: req.errorMessage });
    },
    throwError: async () => undefined,
    updateJobRetries: async () => undefined,
    updateJobTimeout: async () => undefined,
    resolveIncident: async () => undefined,
    publishMessage: async (req) => ({ key: key(), tenantId: req.tenantId ?? '<default>' }),
    correlateMessage: async (req) => ({ key: key(), tenantId: req.tenantId ?? '<default>', processInstanceKey: key() }),
    setVariables: async () => ({ key: key() }),
    broadcastSignal: async () => ({ key: key(), tenantId: '<default>' }),
    evaluateDecision: async () => {
      throw new Error('not in the fake');
    },
    assignUserTask: async () => undefined,
    unassignUserTask: async () => undefined,
    updateUserTask: async () => undefined,
    completeUserTask: async () => undefined,
    pinClock: async () => undefined,
    resetClock: async () => undefined,
  };

  return { commands, addJob, completed, failed, pollSignals, openStreams: () => streams.size };
}
