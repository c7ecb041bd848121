/** Read model of user tasks: the task list, a task, its form and the variables it sees. */
import type { Knex } from 'knex';
import type { ElementInstanceRecord, UserTaskRecord } from '../state/records';
import type { QueryContext } from './context';
import { arrayMemberFilter, C, date, int, keyProp, ownKey, sortDate, sortInt, text, variableFilter } from './fields';
import { getForm, type FormResult } from './forms';
import { getByKey, recordData, recordsOf, runSearch, type SearchDefinition } from './search';
import type { FilterProperty, SearchQuery, SearchResult, VariableValueFilter } from './types';
import { variableSearch, type VariableFilter, type VariableSearchResult, type VariableSortField } from './variables';

export type UserTaskState = UserTaskRecord['state'];

export interface UserTaskResult {
  name: string;
  state: UserTaskState;
  assignee?: string;
  elementId: string;
  candidateGroups: string[];
  candidateUsers: string[];
  processDefinitionId: string;
  creationDate: string;
  completionDate?: string;
  followUpDate?: string;
  dueDate?: string;
  tenantId: string;
  externalFormReference?: string;
  processDefinitionVersion: number;
  customHeaders: Record<string, string>;
  priority: number;
  userTaskKey: string;
  elementInstanceKey: string;
  processName?: string;
  processDefinitionKey: string;
  processInstanceKey: string;
  formKey?: string;
}

export interface UserTaskFilter {
  state?: FilterProperty<string>;
  assignee?: FilterProperty<string>;
  priority?: FilterProperty<number>;
  elementId?: FilterProperty<string>;
  name?: FilterProperty<string>;
  /** Tasks that list this group among their candidate groups. */
  candidateGroup?: FilterProperty<string>;
  candidateUser?: FilterProperty<string>;
  tenantId?: FilterProperty<string>;
  processDefinitionId?: FilterProperty<string>;
  creationDate?: FilterProperty<string>;
  completionDate?: FilterProperty<string>;
  followUpDate?: FilterProperty<string>;
  dueDate?: FilterProperty<string>;
  processInstanceVariables?: VariableValueFilter[];
  localVariables?: VariableValueFilter[];
  userTaskKey?: FilterProperty<string>;
  processDefinitionKey?: FilterProperty<string>;
  processInstanceKey?: FilterProperty<string>;
  elementInstanceKey?: FilterProperty<string>;
}

export type UserTaskSortField = 'creationDate' | 'completionDate' | 'followUpDate' | 'dueDate' | 'priority' | 'name';

/** Camunda's states; the transitional ones (CREATING, ASSIGNING, ...) last while task listeners run. */
export const USER_TASK_STATES = [
  'CREATING',
  'CREATED',
  'ASSIGNING',
  'UPDATING',
  'COMPLETING',
  'COMPLETED',
  'CANCELING',
  'CANCELED',
  'FAILED',
] as const;

export const userTaskSearch: SearchDefinition<UserTaskResult> = {
  base: (db: Knex) =>
    recordsOf(db, 'user-task')
      .joinRaw("left join engine_record pd on pd.kind = 'process-definition' and pd.key = (r.data->>'processDefinitionKey')::bigint")
      .select('r.data', db.raw("pd.data->>'name' as process_name")),
  filters: {
    state: text('state', USER_TASK_STATES),
    assignee: text('assignee'),
    priority: int('priority'),
    elementId: text('elementId'),
    name: { sql: "coalesce(r.data->>'name', r.data->>'elementId')", type: 'text' },
    candidateGroup: arrayMemberFilter('candidateGroups'),
    candidateUser: arrayMemberFilter('candidateUsers'),
    tenantId: text('tenantId'),
    processDefinitionId: text('bpmnProcessId'),
    creationDate: date('creationDate'),
    completionDate: date('completionDate'),
    followUpDate: date('followUpDate'),
    dueDate: date('dueDate'),
    processInstanceVariables: variableFilter((v) =>
      v.whereRaw('v.process_instance_key = r.process_instance_key').whereRaw("v.data->>'scopeKey' = r.data->>'processInstanceKey'"),
    ),
    localVariables: variableFilter((v) =>
      v.whereRaw('v.process_instance_key = r.process_instance_key').whereRaw("v.data->>'scopeKey' = r.data->>'elementInstanceKey'"),
    ),
    userTaskKey: ownKey,
    processDefinitionKey: keyProp('processDefinitionKey'),
    processInstanceKey: { sql: 'r.process_instance_key', type: 'key', param: '?::bigint' },
    elementInstanceKey: keyProp('elementInstanceKey'),
  },
  sorts: {
    creationDate: sortDate('creationDate'),
    completionDate: sortDate('completionDate'),
    followUpDate: sortDate('followUpDate'),
    dueDate: sortDate('dueDate'),
    priority: sortInt('priority'),
    name: `coalesce(r.data->>'name', r.data->>'elementId') ${C}`,
  },
  toItems: (_ctx, rows) => rows.map((row) => toUserTask(recordData<UserTaskRecord>(row.data), row.process_name as string | null)),
};

function toUserTask(r: UserTaskRecord, processName: string | null): UserTaskResult {
  const item: UserTaskResult = {
    name: r.name ?? r.elementId,
    state: r.state,
    elementId: r.elementId,
    candidateGroups: r.candidateGroups ?? [],
    candidateUsers: r.candidateUsers ?? [],
    processDefinitionId: r.bpmnProcessId,
    creationDate: r.creationDate,
    tenantId: r.tenantId,
    processDefinitionVersion: r.processDefinitionVersion,
    customHeaders: r.customHeaders ?? {},
    priority: r.priority ?? 50,
    userTaskKey: r.key,
    elementInstanceKey: r.elementInstanceKey,
    processDefinitionKey: r.processDefinitionKey,
    processInstanceKey: r.processInstanceKey,
  };
  if (r.assignee) item.assignee = r.assignee;
  if (r.completionDate) item.completionDate = r.completionDate;
  if (r.followUpDate) item.followUpDate = r.followUpDate;
  if (r.dueDate) item.dueDate = r.dueDate;
  if (r.externalFormReference) item.externalFormReference = r.externalFormReference;
  if (processName) item.processName = processName;
  if (r.formKey) item.formKey = r.formKey;
  return item;
}

export interface UserTaskQueries {
  search(query?: SearchQuery<UserTaskFilter, UserTaskSortField>): Promise<SearchResult<UserTaskResult>>;
  get(userTaskKey: string): Promise<UserTaskResult>;
  /** The task's linked form; undefined when the task has none (HTTP 204). */
  getForm(userTaskKey: string): Promise<FormResult | undefined>;
  /** Variables visible to the task: of its element instance and every enclosing scope. */
  searchVariables(
    userTaskKey: string,
    query?: SearchQuery<Pick<VariableFilter, 'name'>, VariableSortField>,
    options?: { truncateValues?: boolean },
  ): Promise<SearchResult<VariableSearchResult>>;
}

/** Keys of the element instance and its flow scopes up to the process instance. */
async function scopeChain(ctx: QueryContext, elementInstanceKey: string, processInstanceKey: string): Promise<string[]> {
  const rows = (await ctx
    .db('engine_record')
    .select('data')
    .where('kind', 'element-instance')
    .whereRaw('process_instance_key = ?::bigint', [processInstanceKey])) as { data: unknown }[];
  const byKey = new Map(
    rows.map((row) => {
      const ei = recordData<ElementInstanceRecord>(row.data);
      return [ei.key, ei] as const;
    }),
  );
  const chain: string[] = [];
  let key: string | undefined = elementInstanceKey;
  while (key && !chain.includes(key)) {
    chain.push(key);
    key = byKey.get(key)?.flowScopeKey;
  }
  if (!chain.includes(processInstanceKey)) chain.push(processInstanceKey);
  return chain;
}

export function userTaskQueries(ctx: QueryContext): UserTaskQueries {
  const get = (key: string) => getByKey(ctx, userTaskSearch, key, 'User task');
  return {
    search: (query) => runSearch(ctx, userTaskSearch, query),
    get,
    async getForm(key) {
      const task = await get(key);
      // Only linked forms have a key; embedded (`camunda-forms:bpmn:…`) and external forms do not.
      if (!task.formKey || !/^\d+$/.test(task.formKey)) return undefined;
      return getForm(ctx, task.formKey);
    },
    async searchVariables(key, query, options) {
      const task = await get(key);
      const scopes = await scopeChain(ctx, task.elementInstanceKey, task.processInstanceKey);
      const def = variableSearch(options?.truncateValues ?? true);
      return runSearch(
        ctx,
        {
          ...def,
          filters: { name: def.filters.name },
          base: (db) =>
            def
              .base(db)
              .whereRaw('r.process_instance_key = ?::bigint', [task.processInstanceKey])
              .whereRaw(`r.data->>'scopeKey' in (${scopes.map(() => '?').join(', ')})`, scopes),
        },
        query,
      );
    },
  };
}
