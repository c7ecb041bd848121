import type { TariffVersion } from '../tariffs/types';
import { expectedAnnualCost, installmentDueDates, proposeInstallment, withinTolerance } from './installments';

const rheinFix24: TariffVersion = {
  id: 'v1',
  tariffCode: 'RHEIN-FIX-24',
  validFrom: '2020-01-01',
  basePriceMonthNet: '10',
  workingPriceKwhNet: '0.2521',
  priceTiers: [],
  modules: [],
  package: null,
  createdBy: null,
};

describe('proposeInstallment', () => {
  it('proposes 100 € a month for 3,500 kWh at RHEIN-FIX-24 (worked example)', () => {
    // Energy 3500 kWh × 0.2521 €/kWh = 882.35 €; base 12 months × 10.00 € = 120.00 €; net 1002.35 €.
    // VAT 19 % = 190.4465 € → 190.45 €; gross 1192.80 € a year.
    // 1192.80 € / 12 = 99.40 € → up to whole euros: 100.00 €; commercially rounded to cents: 99.40 €.
    const input = {
      annualConsumptionKwh: 3500,
      versions: [rheinFix24],
      vatRatePercent: '19',
      cadence: 'monthly' as const,
      from: '2025-01-01',
    };
    expect(expectedAnnualCost(input)).toEqual({ netCents: 100235, vatCents: 19045, grossCents: 119280, installmentsPerYear: 12 });
    expect(proposeInstallment(input)).toBe(10000);
    expect(proposeInstallment({ ...input, rounding: 'cent' })).toBe(9940);
    // Quarterly: 1192.80 / 4 = 298.20 → 299 €; half-yearly: 596.40 → 597 €.
    expect(proposeInstallment({ ...input, cadence: 'quarterly' })).toBe(29900);
    expect(proposeInstallment({ ...input, cadence: 'half_yearly' })).toBe(59700);
  });
  it('uses a known price change within the year and the chosen modules', () => {
    const later = { ...rheinFix24, id: 'v2', validFrom: '2025-07-01', workingPriceKwhNet: '0.30' };
    const withChange = proposeInstallment({
      annualConsumptionKwh: 3500,
      versions: [rheinFix24, later],
      vatRatePercent: '19',
      cadence: 'monthly',
      from: '2025-01-01',
    });
    expect(withChange).toBeGreaterThan(10000);
    const modular = { ...rheinFix24, modules: [{ code: 'OEKO', name: 'Ökostrom', basePriceMonthNet: '1', workingPriceKwhNet: '0' }] };
    // 1002.35 + 12.00 = 1014.35 net; × 1.19 = 1207.08 (VAT 192.7265 → 192.73); / 12 = 100.59 → 101 €.
    expect(
      proposeInstallment({ annualConsumptionKwh: 3500, versions: [modular], vatRatePercent: '19', cadence: 'monthly', modules: ['OEKO'] }),
    ).toBe(10100);
  });
});

describe('installmentDueDates', () => {
  it('repeats from valid_from, clamping month ends', () => {
    expect(installmentDueDates({ validFrom: '2024-01-31', cadence: 'monthly' }, '2024-01-01', '2024-04-30', '2024-01-01')).toEqual([
      '2024-01-31',
      '2024-02-29',
      '2024-03-31',
      '2024-04-30',
    ]);
    expect(installmentDueDates({ validFrom: '2024-02-15', cadence: 'quarterly' }, '2024-01-01', '2024-12-31', '2024-01-01')).toEqual([
      '2024-02-15',
      '2024-05-15',
      '2024-08-15',
      '2024-11-15',
    ]);
    expect(installmentDueDates({ validFrom: '2024-03-01', cadence: 'half_yearly' }, '2024-06-01', '2025-12-31', '2024-01-01')).toEqual([
      '2024-09-01',
      '2025-03-01',
      '2025-09-01',
    ]);
  });
  it('never falls due before supply starts (§41b (3) EnWG)', () => {
    expect(installmentDueDates({ validFrom: '2024-01-15', cadence: 'monthly' }, '2024-01-01', '2024-04-30', '2024-03-01')).toEqual([
      '2024-03-15',
      '2024-04-15',
    ]);
  });
});

describe('withinTolerance', () => {
  it('compares exactly in cents', () => {
    expect(withinTolerance(11000, 10000, 10)).toBe(true);
    expect(withinTolerance(11001, 10000, 10)).toBe(false);
    expect(withinTolerance(9000, 10000, '10')).toBe(true);
    expect(withinTolerance(8999, 10000, '10')).toBe(false);
  });
});
