/**
 * Every care kind the product offers, one file each. A case worker's button and the customer
 * portal start them through the same core (../start.ts). Append a new kind here.
 */
import type { CareKindDefinition } from './types';
import { addressChange } from './address-change';
import { bankChange } from './bank-change';
import { installmentChange } from './installment-change';
import { meterReading } from './meter-reading';
import { complaint } from './complaint';
import { billQuestion } from './bill-question';
import { tariffChange } from './tariff-change';
import { withdrawal } from './withdrawal';
import { termination } from './termination';
import { move } from './move';

export type { CareContext, CareContract, CareCustomer, CareKindDefinition, ProcessVariable } from './types';
export { defineCareKind } from './types';

export const careKinds: CareKindDefinition[] = [
  addressChange,
  bankChange,
  installmentChange,
  meterReading,
  complaint,
  billQuestion,
  tariffChange,
  withdrawal,
  termination,
  move,
];

export function careKind(kind: string): CareKindDefinition | undefined {
  return careKinds.find((k) => k.kind === kind);
}
