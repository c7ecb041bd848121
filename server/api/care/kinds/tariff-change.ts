/**
 * Tariff change (Tarifwechsel): the contract's tariff from a date, a new installment plan and a
 * confirmation letter (process care-tariff-change). Tariffs are named by their code (tariffs.code,
 * GET /api/tariffs). The rules (domain/contracts/tariff-change): a running contract, a tariff of
 * the same commodity, product kind and billing period offered to this customer, from today or
 * later and not into a period already billed.
 */
import { checkTariffChange } from '../../../../domain/contracts/tariff-change';
import { defineCareKind } from './types';

export interface TariffChangeBody {
  contractId: string;
  tariffCode: string;
  validFrom: string;
}

export const tariffChange = defineCareKind<TariffChangeBody>({
  kind: 'tariff-change',
  processId: 'care-tariff-change',
  title: { de: 'Tarifwechsel', en: 'Tariff change' },
  contract: 'required',
  portal: true,
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['tariffCode', 'validFrom'],
    properties: {
      tariffCode: { type: 'string', pattern: '^[A-Z0-9][A-Z0-9_-]{1,39}$', description: 'Code of the new tariff, e.g. STROM-FIX-24' },
      validFrom: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'First day with the new tariff' },
    },
  },
  async check(ctx, body) {
    await checkTariffChange(ctx.db, ctx.contract!.id, body, ctx.today);
  },
  variables(_ctx, body) {
    return { tariffCode: body.tariffCode, validFrom: body.validFrom };
  },
});
