/**
 * Read models over `engine_record`, in the shapes of Camunda 8.8's Orchestration Cluster REST API.
 * Every record the engine writes (runtime and history) is in that table, and a command resolves
 * only after its records are written, so a query after a command sees its effects.
 *
 * Gets throw NotFoundError, bad filters InvalidArgumentError with field details (engine/errors.ts).
 */
import type { Knex } from 'knex';
import { batchOperationQueries, type BatchOperationQueries } from './batch-operations';
import { createQueryContext } from './context';
import {
  decisionDefinitionQueries,
  decisionRequirementsQueries,
  type DecisionDefinitionQueries,
  type DecisionRequirementsQueries,
} from './decisions';
import { readBarrier } from '../state/read-barrier';
import { elementInstanceQueries, type ElementInstanceQueries } from './element-instances';
import { formQueries, type FormQueries } from './forms';
import { incidentQueries, type IncidentQueries } from './incidents';
import { jobQueries, type JobQueries } from './jobs';
import { processDefinitionQueries, type ProcessDefinitionQueries } from './process-definitions';
import { processInstanceQueries, type ProcessInstanceQueries } from './process-instances';
import { userTaskQueries, type UserTaskQueries } from './user-tasks';
import { variableQueries, type VariableQueries } from './variables';

export interface EngineQueries {
  processDefinitions: ProcessDefinitionQueries;
  processInstances: ProcessInstanceQueries;
  elementInstances: ElementInstanceQueries;
  userTasks: UserTaskQueries;
  incidents: IncidentQueries;
  variables: VariableQueries;
  decisionDefinitions: DecisionDefinitionQueries;
  decisionRequirements: DecisionRequirementsQueries;
  forms: FormQueries;
  jobs: JobQueries;
  batchOperations: BatchOperationQueries;
}

export function createEngineQueries(db: Knex): EngineQueries {
  const ctx = createQueryContext(db);
  return behindReadBarrier(db, {
    processDefinitions: processDefinitionQueries(ctx),
    processInstances: processInstanceQueries(ctx),
    elementInstances: elementInstanceQueries(ctx),
    userTasks: userTaskQueries(ctx),
    incidents: incidentQueries(ctx),
    variables: variableQueries(ctx),
    decisionDefinitions: decisionDefinitionQueries(ctx),
    decisionRequirements: decisionRequirementsQueries(ctx),
    forms: formQueries(ctx),
    jobs: jobQueries(ctx),
    batchOperations: batchOperationQueries(ctx),
  });
}

/** Every query first waits until `engine_record` holds what the engine acknowledged (engine/state/read-barrier.ts). */
function behindReadBarrier(db: Knex, queries: EngineQueries): EngineQueries {
  const wrapped: Record<string, Record<string, unknown>> = {};
  for (const [name, group] of Object.entries(queries) as [string, Record<string, unknown>][]) {
    wrapped[name] = {};
    for (const [method, fn] of Object.entries(group))
      wrapped[name][method] =
        typeof fn === 'function'
          ? async (...args: unknown[]) => {
              await readBarrier(db);
              return (fn as (...a: unknown[]) => unknown).apply(group, args);
            }
          : fn;
  }
  return wrapped as unknown as EngineQueries;
}

export type {
  SearchQuery,
  SearchResult,
  PageRequest,
  PageResponse,
  SortRequest,
  FilterProperty,
  AdvancedFilter,
  VariableValueFilter,
} from './types';
export type { ProcessDefinitionResult, ProcessDefinitionFilter } from './process-definitions';
export type { ProcessInstanceResult, ProcessInstanceFilter, ElementStatistics } from './process-instances';
export type { ElementInstanceResult, ElementInstanceFilter } from './element-instances';
export type { UserTaskResult, UserTaskFilter } from './user-tasks';
export type { IncidentResult, IncidentFilter } from './incidents';
export type { VariableResult, VariableSearchResult, VariableFilter } from './variables';
export type { DecisionDefinitionResult, DecisionRequirementsResult } from './decisions';
export type { FormResult } from './forms';
export type { JobSearchResult, JobFilter } from './jobs';
