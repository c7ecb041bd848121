/**
 * What the listener conformance tests share: task listener markup and probes of an instance's
 * jobs and user task, through the harness's SDK clients (REST shows a job's kind and listener
 * event type, gRPC does not).
 */
import { ext } from '../bpmn';
import { activate, waitFor, type Harness } from '../harness';

export const tl = (eventType: string, type: string, retries?: number) =>
  `<zeebe:taskListener eventType="${eventType}" type="${type}"${retries === undefined ? '' : ` retries="${retries}"`} />`;
export const userTask = (id: string, listeners: string[], extra = '') =>
  `<bpmn:userTask id="${id}">${ext(`<zeebe:userTask />${extra}<zeebe:taskListeners>${listeners.join('')}</zeebe:taskListeners>`)}</bpmn:userTask>`;

export interface RestJob {
  jobKey: string;
  type: string;
  processInstanceKey: string;
  elementId: string;
  kind: string;
  listenerEventType: string;
  customHeaders: Record<string, string>;
  variables: Record<string, unknown>;
}

export interface TaskView {
  userTaskKey: string;
  elementInstanceKey: string;
  state: string;
  assignee?: string;
  priority: number;
  candidateGroups: string[];
}

export const noWait = { consistency: { waitUpToMs: 5000 } };

/** Probes bound to a harness started in beforeAll (hence the getter). */
export function listenerProbes(harness: () => Harness) {
  const store = () => harness().engine.engine.store;
  const openJobs = (pik: string) => [...store().values('job')].filter((j) => j.processInstanceKey === pik);
  const run = (bpmnProcessId: string, variables: Record<string, unknown> = {}) =>
    harness()
      .zbc.createProcessInstance({ bpmnProcessId, variables: variables as never })
      .then((pi) => pi.processInstanceKey);
  /** Waits until the instance has exactly one open job, of `type`, and activates it over gRPC. */
  const grpcJob = async (pik: string, type: string) => {
    await waitFor(() => openJobs(pik).length === 1 && openJobs(pik)[0]!.type === type, `the only open job to be ${type}`);
    return (await activate(harness().zbc, type)).find((j) => j.processInstanceKey === pik)!;
  };
  /** The same over REST, where the job shows its kind and listener event type. */
  const restJob = async (pik: string, type: string): Promise<RestJob> => {
    await waitFor(() => openJobs(pik).some((j) => j.type === type && j.state === 'CREATED'), `job ${type}`);
    const res = await harness().rest.activateJobs({ type, timeout: 30_000, maxJobsToActivate: 5, worker: 'listener' });
    return (res.jobs as RestJob[]).find((j) => j.processInstanceKey === pik)!;
  };
  const userTaskOf = async (pik: string, state?: string) =>
    waitFor(
      async () => {
        const res = await harness().rest.searchUserTasks({ filter: { processInstanceKey: pik, ...(state ? { state } : {}) } }, noWait);
        return res.items[0] as TaskView | undefined;
      },
      `user task ${state ?? ''}`,
    );
  return { store, openJobs, run, grpcJob, restJob, userTaskOf };
}
