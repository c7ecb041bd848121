/**
 * What a care kind declares: its process, who may start it, the fields of its request, and the
 * business checks that run before anything is written. The core (../start.ts) does the rest for
 * every kind alike: the customer and contract look-up, the case, the audit trail, the start.
 */
import type { Settings } from '../../../../config/settings';
import type { Database } from '../../../../db';

export interface CareCustomer {
  id: string;
  customerNumber: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string | null;
  address: Record<string, unknown>;
}

export interface CareContract {
  id: string;
  contractNumber: string;
  status: string;
  tariffCode: string;
  startDate: string | null;
  endDate: string | null;
  contractAccountId: string;
  meterId: string | null;
  createdAt: Date;
}

export interface CareContext {
  db: Database;
  settings: Settings;
  /** Today in Germany (YYYY-MM-DD), on the engine's clock. */
  today: string;
  customer: CareCustomer;
  /** The contract the request names (body.contractId), when it names one. */
  contract?: CareContract;
  /** The contract's account, or the customer's only account; null when the customer has several and no contract was named. */
  accountId: string | null;
}

export type ProcessVariable = string | number | boolean | null;

export interface CareKindDefinition<B = Record<string, unknown>> {
  kind: string;
  /** The BPMN process id the case starts. */
  processId: string;
  title: { de: string; en: string };
  /** Whether the request names a contract of this customer (body.contractId). */
  contract: 'required' | 'optional' | 'none';
  /** May the customer start it in self-service. */
  portal: boolean;
  /** The kind's own fields: a JSON schema of an object (the core adds `kind` and `contractId`). */
  body: { type: 'object'; required?: string[]; properties: Record<string, unknown>; additionalProperties?: false };
  /** Business checks before anything is written: throw CareError('refused' | 'invalid', message, field). */
  check?(ctx: CareContext, body: B): Promise<void>;
  /** Small process variables besides careCaseId, customerId, contractId, accountId and kind. */
  variables?(ctx: CareContext, body: B): Record<string, ProcessVariable>;
}

/** Declares a kind with its body type checked (the registry holds them untyped). */
export function defineCareKind<B>(def: CareKindDefinition<B>): CareKindDefinition {
  return def as unknown as CareKindDefinition;
}
