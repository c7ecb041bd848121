/**
 * Commands on ad-hoc sub-processes, with Zeebe 8.8's rejections: activating inner elements
 * (REST `POST /v2/element-instances/ad-hoc-activities/{key}/activation`) and completing the job of
 * an ad-hoc sub-process with a worker's `adHocSubProcess` job result.
 */
import type { AdHocSubProcessJobResult, Variables } from '../api';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError } from '../errors';
import { activateAdHocElements, AD_HOC_JOB_KIND, applyAdHocJobResult, unknownAdHocElements, type AdHocActivation } from './ad-hoc';
import type { Runtime } from './runtime';

/** Zeebe's AdHocSubProcessInstructionActivateProcessor. */
export function activateAdHocActivities(rt: Runtime, adHocKey: string, elements: AdHocActivation[]): void {
  const scope = rt.ei(adHocKey);
  if (!scope || scope.type !== 'AD_HOC_SUB_PROCESS') {
    throw new NotFoundError(
      `Expected to activate activities for ad-hoc sub-process but no ad-hoc sub-process instance found with key '${adHocKey}'.`,
    );
  }
  if (scope.state !== 'ACTIVE') {
    throw new FailedPreconditionError(
      `Expected to activate activities for ad-hoc sub-process with key '${adHocKey}', but it is not active.`,
    );
  }
  const ids = elements.map((e) => e.elementId);
  if (new Set(ids).size !== ids.length) {
    throw new InvalidArgumentError(
      `Expected to activate activities for ad-hoc sub-process with key '${adHocKey}', but duplicate activities were given.`,
      [{ field: 'elements', message: 'must not contain an element id twice' }],
    );
  }
  rejectUnknown(rt, adHocKey, ids);
  activateAdHocElements(rt, adHocKey, elements);
}

function rejectUnknown(rt: Runtime, adHocKey: string, ids: string[]): void {
  const unknown = unknownAdHocElements(rt, rt.mustEi(adHocKey), ids);
  if (unknown.length > 0) {
    throw new NotFoundError(
      `Expected to activate activities for ad-hoc sub-process with key '${adHocKey}', but the given elements [${unknown.join(', ')}] do not exist.`,
    );
  }
}

/**
 * Completes the job if it belongs to an ad-hoc sub-process and returns true; false leaves other
 * jobs to the ordinary job completion.
 */
export function completeAdHocJob(rt: Runtime, jobKey: string, variables: Variables, result: AdHocSubProcessJobResult | undefined): boolean {
  const job = rt.store.get('job', jobKey);
  if (!job || job.kind !== AD_HOC_JOB_KIND) return false;
  if (job.state !== 'ACTIVATED' && job.state !== 'CREATED') {
    throw new FailedPreconditionError(
      `Command 'COMPLETE' rejected with code 'INVALID_STATE': Expected to complete job with key '${jobKey}', but it is in state '${job.state}'`,
    );
  }
  const scope = rt.ei(job.elementInstanceKey);
  const activations = result?.activateElements ?? [];
  if (result?.isCompletionConditionFulfilled && activations.length > 0) {
    // Camunda 8.8 docs: the worker "cannot fulfill both the completion condition and activate new elements at the same time".
    throw new InvalidArgumentError(
      `Expected to complete job with key '${jobKey}' of ad-hoc sub-process '${job.elementId}', but the result both activates elements and fulfills the completion condition.`,
      [{ field: 'result', message: 'must not both activate elements and fulfill the completion condition' }],
    );
  }
  if (scope)
    rejectUnknown(
      rt,
      scope.key,
      activations.map((a) => a.elementId),
    );
  rt.store.archive('job', { ...job, state: 'COMPLETED', endTime: rt.nowIso() });
  if (!scope || scope.state !== 'ACTIVE') return true;
  applyAdHocJobResult(
    rt,
    scope,
    variables,
    result && {
      activateElements: activations,
      isCompletionConditionFulfilled: result.isCompletionConditionFulfilled ?? false,
      isCancelRemainingInstances: result.isCancelRemainingInstances ?? false,
    },
  );
  return true;
}
