/** What a page of the bill run carries from planning to storing. */
import type { Tariff } from '../tariffs';
import type { BillRequest, BillRunContract } from './bill-run';
import type { BillCalculation } from './types';

export interface Planned {
  request: BillRequest;
  contract: BillRunContract;
  tariff: Tariff;
  periodStart: string;
  periodEnd: string;
  businessKey: string;
}

export interface Calculated extends Planned {
  calculation: BillCalculation;
}
