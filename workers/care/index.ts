/** The care processes' workers: the shared close step, and one module per group of care kinds. */
import type { Settings } from '../../config/settings';
import type { AccountingDeps } from '../billing/context';
import type { JobHandler } from '../runtime';
import { createCareCaseHandlers } from './close';
import { createCustomerCareHandlers } from './customer';
import { createCareContractHandlers } from './contracts';

export function createCareHandlers(deps: AccountingDeps, _settings: Settings): Record<string, JobHandler> {
  return {
    ...createCareCaseHandlers(deps),
    ...createCustomerCareHandlers(deps, _settings),
    ...createCareContractHandlers(deps),
  };
}
