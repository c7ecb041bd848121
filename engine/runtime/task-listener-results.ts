/**
 * What Zeebe 8.8's JobCompleteProcessor accepts when a task listener job completes: no variables,
 * denial only for assigning/updating/completing, no corrections beside a denial, no assignee
 * correction on creating when the process defined one. Rejection texts as Zeebe's.
 */
import type { UserTaskJobResult } from '../api';
import { InvalidArgumentError } from '../errors';
import type { JobRecord } from '../state/records';
import type { Runtime } from './runtime';

const DENIABLE = ['ASSIGNING', 'COMPLETING', 'UPDATING'];

export function checkTaskListenerCompletion(
  rt: Runtime,
  job: JobRecord,
  variables: Record<string, unknown>,
  result: UserTaskJobResult | undefined,
): void {
  const ids = `(job key '${job.key}', type '${job.type}', processInstanceKey '${job.processInstanceKey}')`;
  const reject = (field: string, message: string): never => {
    throw new InvalidArgumentError(`Command 'COMPLETE' rejected with code 'INVALID_ARGUMENT': ${message}`, [{ field, message }]);
  };
  if (Object.keys(variables).length > 0) {
    reject(
      'variables',
      `Task Listener job completion with variables payload provided is not yet supported ${ids}. Support will be enabled with the resolution of issue #23702.`,
    );
  }
  const eventType = job.listenerEventType ?? 'UNSPECIFIED';
  if (result?.denied && !DENIABLE.includes(eventType)) {
    reject(
      'result.denied',
      `Denying result is not supported for '${eventType}' task listener jobs ${ids}. Only the following listener event types support denying: [${DENIABLE.join(', ')}].`,
    );
  }
  const corrected = Object.entries(result?.corrections ?? {}).filter(([, v]) => v !== undefined && v !== null);
  if (result?.denied && corrected.length > 0) {
    reject(
      'result.corrections',
      `Expected to complete task listener job with corrections, but the job result is denied ${ids}. The corrections would be reverted by the denial. Either complete the job with corrections without setting denied, or complete the job with a denied result but no corrections.`,
    );
  }
  if (eventType === 'CREATING' && corrected.some(([name]) => name === 'assignee')) {
    const userTaskKey = rt.ei(job.elementInstanceKey)?.runtime.userTaskKey;
    const task = userTaskKey ? rt.store.get('user-task', userTaskKey) : undefined;
    if (task?.initialAssignee) {
      reject(
        'result.corrections.assignee',
        `Expected to complete task listener job, but correcting the assignee on 'CREATING' event is not supported when the user task has an assignee defined in the model ${ids}. Use the 'CREATING' event to set an assignee only if it was not defined. Use the 'ASSIGNING' event to correct an assignee that is already defined.`,
      );
    }
  }
}
