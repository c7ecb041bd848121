/** Jobs: activate (long polling), complete, fail, throw error, update, search. */
import type { FastifyInstance } from 'fastify';
import type { ActivatedJob, AdHocSubProcessJobResult, Variables } from '../../api';
import { InvalidArgumentError } from '../../errors';
import type { SearchQuery } from '../../query';
import { jobSearch } from '../../query/jobs';
import { keyParams, objectSchema, operationReferenceSchema, searchBodySchema, tenantIdSchema, variablesSchema } from '../schemas';
import { userTaskProperties, userTaskResult } from '../user-task-result';
import type { RouteContext } from './context';

interface ActivationBody {
  type: string;
  worker?: string;
  timeout: number;
  maxJobsToActivate: number;
  fetchVariable?: string[];
  requestTimeout?: number;
  tenantIds?: string[];
}

type KeyParams = { Params: { jobKey: string } };
const nullableVariables = { type: ['object', 'null'] };

function toActivatedJob(j: ActivatedJob): object {
  return {
    type: j.type,
    processDefinitionId: j.bpmnProcessId,
    processDefinitionVersion: j.processDefinitionVersion,
    elementId: j.elementId,
    customHeaders: j.customHeaders,
    worker: j.worker,
    retries: j.retries,
    deadline: j.deadline,
    variables: j.variables,
    tenantId: j.tenantId,
    jobKey: j.key,
    processInstanceKey: j.processInstanceKey,
    processDefinitionKey: j.processDefinitionKey,
    elementInstanceKey: j.elementInstanceKey,
    kind: j.kind ?? 'BPMN_ELEMENT',
    listenerEventType: j.listenerEventType ?? 'UNSPECIFIED',
    ...(j.kind === 'TASK_LISTENER' ? { userTask: userTaskProperties(j.customHeaders) } : {}),
  };
}

/** REST `JobResultAdHocSubProcess`; bad shapes are named by field. */
function adHocResult(raw: Record<string, unknown>): AdHocSubProcessJobResult {
  const bad = (field: string, message: string) =>
    new InvalidArgumentError(`result.${field} ${message}`, [{ field: `result.${field}`, message }]);
  const elements = raw.activateElements ?? [];
  if (!Array.isArray(elements)) throw bad('activateElements', 'must be an array');
  const activateElements = elements.map((e: unknown, i) => {
    const el = (e ?? {}) as { elementId?: unknown; variables?: unknown };
    if (typeof el.elementId !== 'string' || el.elementId === '')
      throw bad(`activateElements[${i}].elementId`, 'must be a non-empty string');
    if (el.variables != null && (typeof el.variables !== 'object' || Array.isArray(el.variables))) {
      throw bad(`activateElements[${i}].variables`, 'must be a JSON object');
    }
    return { elementId: el.elementId, variables: (el.variables ?? undefined) as Variables | undefined };
  });
  for (const flag of ['isCompletionConditionFulfilled', 'isCancelRemainingInstances'] as const) {
    if (raw[flag] != null && typeof raw[flag] !== 'boolean') throw bad(flag, 'must be a boolean');
  }
  return {
    type: 'adHocSubProcess',
    activateElements,
    isCompletionConditionFulfilled: raw.isCompletionConditionFulfilled === true,
    isCancelRemainingInstances: raw.isCancelRemainingInstances === true,
  };
}

export function registerJobRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const params = keyParams('jobKey');

  app.post<{ Body: ActivationBody }>(
    '/jobs/activation',
    {
      schema: {
        body: objectSchema(
          {
            type: { type: 'string', minLength: 1 },
            worker: { type: 'string' },
            timeout: { type: 'integer', minimum: 1 },
            maxJobsToActivate: { type: 'integer', minimum: 1 },
            fetchVariable: { type: 'array', items: { type: 'string' } },
            requestTimeout: { type: 'integer' },
            tenantIds: { type: 'array', items: tenantIdSchema },
          },
          ['type', 'timeout', 'maxJobsToActivate'],
        ),
      },
    },
    async (request, reply) => {
      const b = request.body;
      // A client that gives up on the long poll must not get jobs locked for nobody.
      const abort = new AbortController();
      const onClose = () => {
        if (!reply.raw.writableFinished) abort.abort();
      };
      reply.raw.on('close', onClose);
      try {
        const jobs = await ctx.commands.activateJobs(
          {
            type: b.type,
            worker: b.worker ?? '',
            timeoutMs: b.timeout,
            maxJobsToActivate: b.maxJobsToActivate,
            fetchVariable: b.fetchVariable,
            requestTimeoutMs: b.requestTimeout ?? 0,
            tenantIds: b.tenantIds,
          },
          abort.signal,
        );
        return { jobs: jobs.map(toActivatedJob) };
      } finally {
        reply.raw.off('close', onClose);
      }
    },
  );

  app.post<{ Body: SearchQuery }>('/jobs/search', { schema: { body: searchBodySchema(jobSearch) } }, (request) =>
    ctx.queries.jobs.search(request.body as never),
  );

  app.post<KeyParams & { Body: { variables?: Variables | null; result?: { type?: string } | null } }>(
    '/jobs/:jobKey/completion',
    { schema: { params, body: objectSchema({ variables: nullableVariables, result: { type: ['object', 'null'] } }) } },
    async (request, reply) => {
      const result = request.body.result;
      // `type` defaults to userTask, as in Camunda's API.
      const parsed = !result ? undefined : result.type === 'adHocSubProcess' ? adHocResult(result) : userTaskResult(result);
      await ctx.commands.completeJob(request.params.jobKey, request.body.variables ?? undefined, parsed);
      return reply.code(204).send();
    },
  );

  app.post<KeyParams & { Body: { retries?: number; errorMessage?: string; retryBackOff?: number; variables?: Variables } }>(
    '/jobs/:jobKey/failure',
    {
      schema: {
        params,
        body: objectSchema({
          retries: { type: 'integer', minimum: 0 },
          errorMessage: { type: 'string' },
          retryBackOff: { type: 'integer', minimum: 0 },
          variables: variablesSchema,
        }),
      },
    },
    async (request, reply) => {
      const b = request.body;
      await ctx.commands.failJob(request.params.jobKey, {
        retries: b.retries ?? 0,
        errorMessage: b.errorMessage,
        retryBackOffMs: b.retryBackOff ?? 0,
        variables: b.variables,
      });
      return reply.code(204).send();
    },
  );

  app.post<KeyParams & { Body: { errorCode: string; errorMessage?: string | null; variables?: Variables | null } }>(
    '/jobs/:jobKey/error',
    {
      schema: {
        params,
        body: objectSchema(
          { errorCode: { type: 'string', minLength: 1 }, errorMessage: { type: ['string', 'null'] }, variables: nullableVariables },
          ['errorCode'],
        ),
      },
    },
    async (request, reply) => {
      const b = request.body;
      await ctx.commands.throwError(request.params.jobKey, {
        errorCode: b.errorCode,
        errorMessage: b.errorMessage ?? undefined,
        variables: b.variables ?? undefined,
      });
      return reply.code(204).send();
    },
  );

  app.patch<KeyParams & { Body: { changeset: { retries?: number | null; timeout?: number | null } } }>(
    '/jobs/:jobKey',
    {
      schema: {
        params,
        body: objectSchema(
          {
            changeset: objectSchema({
              retries: { type: ['integer', 'null'], minimum: 1 },
              timeout: { type: ['integer', 'null'], minimum: 1 },
            }),
            operationReference: operationReferenceSchema,
          },
          ['changeset'],
        ),
      },
    },
    async (request, reply) => {
      const { retries, timeout } = request.body.changeset;
      if ((retries ?? null) === null && (timeout ?? null) === null) {
        throw new InvalidArgumentError('At least one of changeset.retries and changeset.timeout is required', [
          { field: 'changeset', message: 'must contain retries or timeout' },
        ]);
      }
      const key = request.params.jobKey;
      if (retries != null) await ctx.commands.updateJobRetries(key, retries);
      if (timeout != null) await ctx.commands.updateJobTimeout(key, timeout);
      return reply.code(204).send();
    },
  );
}
