/**
 * The process instances of a customer: every instance with a variable naming the customer, one of its
 * contracts, accounts or orders (db/migrations/017_care_search.ts indexes exactly these variables),
 * plus the instances the domain tables remember (orders, dunning, collection and care cases), which
 * also covers an external engine whose records are not in this database.
 */
import type { Database } from '../../../db';
import { CUSTOMER_VARIABLES, VARIABLE_PREFIX } from '../../../db/migrations/017_care_search';

export interface ProcessInstanceSummary {
  processInstanceKey: string;
  processDefinitionId: string;
  processDefinitionName: string;
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
  hasIncident: boolean;
  startDate: string;
  endDate: string | null;
  /** The instance in the cockpit (its hash route). */
  cockpitUrl: string;
}

/**
 * Summaries of instances by key, newest first: the engine's read models or an external engine's
 * search; null when that search cannot answer now (a cluster's search is down).
 */
export type InstanceLookup = (keys: string[]) => Promise<ProcessInstanceSummary[] | null>;

export const cockpitUrl = (processInstanceKey: string) => `/cockpit#/instances/${processInstanceKey}`;

/** At most this many instances are shown (a customer of many years has hundreds of billing runs). */
export const INSTANCE_LIMIT = 200;

export interface CustomerRefs {
  customerId: string;
  contractIds: string[];
  accountIds: string[];
  orderIds: string[];
}

export async function instanceKeysOf(db: Database, refs: CustomerRefs): Promise<string[]> {
  const ids = [refs.customerId, ...refs.contractIds, ...refs.accountIds, ...refs.orderIds];
  // Variables hold JSON text: a string id is stored with its quotes.
  const values = ids.map((id) => JSON.stringify(id).slice(0, VARIABLE_PREFIX));
  const names = CUSTOMER_VARIABLES.map((n) => `'${n}'`).join(', ');
  const byVariable = db('engine_record')
    .where('kind', 'variable')
    .whereRaw(`data->>'name' IN (${names})`)
    .whereRaw(`left(data->>'value', ${VARIABLE_PREFIX}) IN (${values.map(() => '?').join(', ')})`, values)
    .whereRaw(`data->>'value' IN (${values.map(() => '?').join(', ')})`, values)
    .select(db.raw('process_instance_key::text AS key'));
  const remembered = [
    db('orders').whereIn('id', refs.orderIds).select('process_instance_key as key'),
    db('dunning_cases').whereIn('contract_account_id', refs.accountIds).select('process_instance_key as key'),
    db('collection_cases').whereIn('contract_account_id', refs.accountIds).select('process_instance_key as key'),
    db('care_cases').where('customer_id', refs.customerId).select('process_instance_key as key'),
  ];
  const rows = (await db.select('key').from(byVariable.unionAll(remembered).as('k')).whereNotNull('key').distinct()) as Array<{
    key: string;
  }>;
  // Keys grow with time: the newest instances are kept when there are too many.
  return rows
    .map((r) => String(r.key))
    .sort((a, b) => (BigInt(b) > BigInt(a) ? 1 : BigInt(b) < BigInt(a) ? -1 : 0))
    .slice(0, INSTANCE_LIMIT);
}
