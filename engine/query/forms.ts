/** Read model of deployed Camunda forms. */
import { NotFoundError } from '../errors';
import type { FormRecord } from '../state/records';
import type { QueryContext } from './context';
import { checkKey } from './filters';
import { recordData, recordsOf } from './search';

/**
 * A form as GET /v2/user-tasks/{key}/form returns it. `schema` is the form JSON as text, which
 * is what Camunda 8.8 sends and its Tasklist parses.
 */
export interface FormResult {
  tenantId: string;
  formId: string;
  schema: string;
  version: number;
  formKey: string;
}

export function toForm(r: FormRecord): FormResult {
  return { tenantId: r.tenantId, formId: r.formId, schema: r.schema, version: r.version, formKey: r.key };
}

const notDeleted = "coalesce((r.data->>'deleted')::boolean, false) = false";

export async function getForm(ctx: QueryContext, formKey: string): Promise<FormResult> {
  const k = checkKey(formKey, 'formKey');
  const row = await recordsOf(ctx.db, 'form').whereRaw(notDeleted).whereRaw('r.key = ?::bigint', [k]).first('r.data');
  if (!row) throw new NotFoundError(`Form with key '${k}' not found`);
  return toForm(recordData<FormRecord>(row.data));
}

/**
 * The form a process links by id: the one deployed together with the process if there is one
 * (binding type "deployment"), else the latest version (binding type "latest").
 */
export async function findForm(
  ctx: QueryContext,
  formId: string,
  tenantId: string,
  deploymentKey?: string,
): Promise<FormResult | undefined> {
  const row = await recordsOf(ctx.db, 'form')
    .whereRaw(notDeleted)
    .whereRaw("r.data->>'formId' = ? and r.data->>'tenantId' = ?", [formId, tenantId])
    .orderByRaw("(r.data->>'deploymentKey' = ?) desc, (r.data->>'version')::int desc", [deploymentKey ?? ''])
    .first('r.data');
  return row ? toForm(recordData<FormRecord>(row.data)) : undefined;
}

export interface FormQueries {
  get(formKey: string): Promise<FormResult>;
  findLatest(formId: string, tenantId: string): Promise<FormResult | undefined>;
}

export function formQueries(ctx: QueryContext): FormQueries {
  return {
    get: (key) => getForm(ctx, key),
    findLatest: (formId, tenantId) => findForm(ctx, formId, tenantId),
  };
}
