import Decimal from 'decimal.js';
import type { TariffVersion } from '../tariffs/types';
import { billingPeriodFor, BillingError, calculateBill, nextBillingPeriodStart, type BillInput } from './calculate';
import type { ReadingUsed } from './types';

const version = (validFrom: string, base: string, work: string, extra: Partial<TariffVersion> = {}): TariffVersion => ({
  id: `v-${validFrom}`,
  tariffCode: 'T',
  validFrom,
  basePriceMonthNet: base,
  workingPriceKwhNet: work,
  priceTiers: [],
  modules: [],
  package: null,
  createdBy: null,
  ...extra,
});
const reading = (date: string, valueKwh: string): ReadingUsed => ({ meterNumber: '1ESY0001', date, valueKwh, kind: 'read' });
const electricityVat = [
  { validFrom: '2020-07-01', ratePercent: '16' },
  { validFrom: '2021-01-01', ratePercent: '19' },
];

function bill(
  over: Partial<BillInput> & Pick<BillInput, 'tariff'>,
  fromKwh = '0',
  toKwh = '3000',
  year = '2023',
): ReturnType<typeof calculateBill> {
  return calculateBill({
    contract: { id: 'c1', startDate: '2020-01-01', annualConsumptionKwh: 3000 },
    vatRates: electricityVat,
    kind: 'annual',
    periodStart: `${year}-01-01`,
    periodEnd: `${year}-12-31`,
    readings: { start: reading(`${year}-01-01`, fromKwh), end: reading(`${year}-12-31`, toKwh) },
    installmentsCents: 0,
    ...over,
  });
}
const nets = (b: ReturnType<typeof calculateBill>) => b.lines.map((l) => [l.description, l.quantity, l.netCents]);

describe('calculateBill', () => {
  it('splits a year with a price change on 1 July by days; shares sum exactly (worked example)', () => {
    // 2024 has 366 days: 1 Jan–30 Jun = 182 days, 1 Jul–31 Dec = 184 days. 3,500 kWh.
    // Shares: 3500 × 182/366 = 1740.437158… → 1740.437; the rest: 3500 − 1740.437 = 1759.563.
    // Energy 1: 1740.437 × 0.2521 = 438.7641677 → 438.76 €
    // Base 1:   182 × 12/365 = 5.9836 months × 10.00 = 59.8356… → 59.84 €
    // Energy 2: 1759.563 × 0.2699 = 474.9060537 → 474.91 €
    // Base 2:   184 × 12/365 = 6.0493 months × 11.50 = 69.5671… → 69.57 €
    // Net 1043.08 €; VAT 19 % = 198.1852 → 198.19 €; gross 1241.27 €; installments 12 × 100 € → 41.27 € due.
    const b = bill(
      {
        tariff: { productKind: 'standard', versions: [version('2024-07-01', '11.5', '0.2699'), version('2020-01-01', '10', '0.2521')] },
        installmentsCents: 120000,
      },
      '10000',
      '13500',
      '2024',
    );
    expect(b.periods).toEqual([
      {
        from: '2024-01-01',
        to: '2024-06-30',
        days: 182,
        tariffVersionId: 'v-2020-01-01',
        consumptionKwh: '1740.437',
        vatRatePercent: '19',
      },
      {
        from: '2024-07-01',
        to: '2024-12-31',
        days: 184,
        tariffVersionId: 'v-2024-07-01',
        consumptionKwh: '1759.563',
        vatRatePercent: '19',
      },
    ]);
    expect(nets(b)).toEqual([
      ['Arbeitspreis', '1740.437', 43876],
      ['Grundpreis', '5.9836', 5984],
      ['Arbeitspreis', '1759.563', 47491],
      ['Grundpreis', '6.0493', 6957],
    ]);
    expect(b.consumptionKwh).toBe('3500.000');
    expect(b).toMatchObject({ netCents: 104308, vatCents: 19819, grossCents: 124127, installmentsCents: 120000, amountDueCents: 4127 });
    expect(b.vat).toEqual([{ ratePercent: '19', netCents: 104308, vatCents: 19819 }]);
  });

  it('bills gas across the VAT change from 7 % to 19 % on 2024-04-01 (worked example)', () => {
    // 12,000 kWh in 2024; 1 Jan–31 Mar = 91 days at 7 %, 1 Apr–31 Dec = 275 days at 19 %.
    // Shares: 12000 × 91/366 = 2983.6066 → 2983.607; the rest 9016.393.
    // 7 %:  energy 2983.607 × 0.085 = 253.6066 → 253.61; base 91 × 12/365 × 12 = 35.9014 → 35.90;
    //       net 289.51, VAT 20.2657 → 20.27
    // 19 %: energy 9016.393 × 0.085 = 766.3934 → 766.39; base 275 × 12/365 × 12 = 108.4932 → 108.49;
    //       net 874.88, VAT 166.2272 → 166.23
    // Net 1164.39 €, VAT 186.50 €, gross 1350.89 €.
    const b = bill(
      {
        tariff: { productKind: 'standard', versions: [version('2020-01-01', '12', '0.085')] },
        vatRates: [
          { validFrom: '2022-10-01', ratePercent: '7' },
          { validFrom: '2024-04-01', ratePercent: '19' },
        ],
      },
      '0',
      '12000',
      '2024',
    );
    expect(b.periods.map((p) => [p.from, p.to, p.days, p.consumptionKwh, p.vatRatePercent])).toEqual([
      ['2024-01-01', '2024-03-31', 91, '2983.607', '7'],
      ['2024-04-01', '2024-12-31', 275, '9016.393', '19'],
    ]);
    expect(b.vat).toEqual([
      { ratePercent: '19', netCents: 87488, vatCents: 16623 },
      { ratePercent: '7', netCents: 28951, vatCents: 2027 },
    ]);
    expect(b).toMatchObject({ netCents: 116439, vatCents: 18650, grossCents: 135089 });
  });

  it('prices each band of a tiered product separately', () => {
    // 6,000 kWh in 2023 (365 days, limits whole): 2000 × 0.30 = 600; 3000 × 0.27 = 810; 1000 × 0.24 = 240;
    // base 12 × 8 = 96; net 1746.00, VAT 331.74, gross 2077.74.
    const priceTiers = [
      { upToKwh: 2000, workingPriceKwhNet: '0.30' },
      { upToKwh: 5000, workingPriceKwhNet: '0.27' },
      { upToKwh: null, workingPriceKwhNet: '0.24' },
    ];
    const b = bill({ tariff: { productKind: 'tiered', versions: [version('2020-01-01', '8', '0', { priceTiers })] } }, '0', '6000');
    expect(nets(b)).toEqual([
      ['Arbeitspreis Stufe 1 (bis 2.000 kWh/Jahr)', '2000.000', 60000],
      ['Arbeitspreis Stufe 2 (bis 5.000 kWh/Jahr)', '3000.000', 81000],
      ['Arbeitspreis Stufe 3 (über 5.000 kWh/Jahr)', '1000.000', 24000],
      ['Grundpreis', '12.0000', 9600],
    ]);
    expect(b).toMatchObject({ netCents: 174600, vatCents: 33174, grossCents: 207774 });
  });

  const scaledTiers = [
    { upToKwh: 2500, workingPriceKwhNet: '0.30', basePriceMonthNet: '9' },
    { upToKwh: 10000, workingPriceKwhNet: '0.27', basePriceMonthNet: '12' },
    { upToKwh: null, workingPriceKwhNet: '0.25', basePriceMonthNet: '15' },
  ];
  it('picks one price for all kWh of a scaled product by the annual consumption band', () => {
    // 3,000 kWh a year → band 2: 3000 × 0.27 = 810.00; base 12 × 12 = 144.00; net 954.00, VAT 181.26.
    const b = bill({ tariff: { productKind: 'scaled', versions: [version('2020-01-01', '10', '0', { priceTiers: scaledTiers })] } });
    expect(nets(b)).toEqual([
      ['Arbeitspreis (bis 10.000 kWh/Jahr)', '3000.000', 81000],
      ['Grundpreis', '12.0000', 14400],
    ]);
    expect(b.grossCents).toBe(113526);
  });

  it('annualises a short period before choosing the band of a scaled product', () => {
    // 1,300 kWh in 181 days (1 Jan–30 Jun 2023) = 2621.5 kWh a year → band 2, not band 1.
    // 1300 × 0.27 = 351.00; base 181 × 12/365 × 12 = 71.408 → 71.41.
    const b = bill({
      tariff: { productKind: 'scaled', versions: [version('2020-01-01', '10', '0', { priceTiers: scaledTiers })] },
      kind: 'final',
      periodEnd: '2023-06-30',
      readings: { start: reading('2023-01-01', '0'), end: reading('2023-06-30', '1300') },
    });
    expect(nets(b)).toEqual([
      ['Arbeitspreis (bis 10.000 kWh/Jahr)', '1300.000', 35100],
      ['Grundpreis', '5.9507', 7141],
    ]);
  });

  const pkgVersion = version('2020-01-01', '0', '0', { package: { includedKwh: '2000', packagePriceNet: '600', extraKwhNet: '0.35' } });
  it('bills a package with the extra kWh beyond it', () => {
    // 2,300 kWh: package 600.00 + 300 × 0.35 = 105.00 → net 705.00, VAT 133.95, gross 838.95. No base price (0).
    const b = bill({ tariff: { productKind: 'package', versions: [pkgVersion] } }, '0', '2300');
    expect(nets(b)).toEqual([
      ['Paketpreis', '1.0000', 60000],
      ['Mehrverbrauch über 2000.000 kWh Paket', '300.000', 10500],
    ]);
    expect(b.grossCents).toBe(83895);
    expect(nets(bill({ tariff: { productKind: 'package', versions: [pkgVersion] } }, '0', '1800'))).toEqual([
      ['Paketpreis', '1.0000', 60000],
    ]);
  });

  it('adds the modules the contract chose', () => {
    // 3,000 kWh: 750.00 + base 120.00 + Ökostrom 12 × 1.50 = 18.00 and 3000 × 0.01 = 30.00 + App 12 × 2.99 = 35.88
    // net 953.88, VAT 181.2372 → 181.24, gross 1135.12.
    const modules = [
      { code: 'OEKO', name: 'Ökostrom', basePriceMonthNet: '1.50', workingPriceKwhNet: '0.01' },
      { code: 'APP', name: 'Verbrauchs-App', basePriceMonthNet: '2.99', workingPriceKwhNet: '0' },
      { code: 'EV', name: 'Autostrom', basePriceMonthNet: '5', workingPriceKwhNet: '0' },
    ];
    const tariff = { productKind: 'modular' as const, versions: [version('2020-01-01', '10', '0.25', { modules })] };
    const b = bill({ tariff, contract: { id: 'c1', startDate: '2020-01-01', annualConsumptionKwh: 3000, tariffModules: ['OEKO', 'APP'] } });
    expect(nets(b)).toEqual([
      ['Arbeitspreis', '3000.000', 75000],
      ['Grundpreis', '12.0000', 12000],
      ['Ökostrom – Grundpreis', '12.0000', 1800],
      ['Ökostrom – Arbeitspreis', '3000.000', 3000],
      ['Verbrauchs-App – Grundpreis', '12.0000', 3588],
    ]);
    expect(b.lines.filter((l) => l.kind === 'module')).toHaveLength(3);
    expect(b).toMatchObject({ netCents: 95388, vatCents: 18124, grossCents: 113512 });
    expect(() =>
      bill({ tariff, contract: { id: 'c1', startDate: '2020-01-01', annualConsumptionKwh: 1, tariffModules: ['NOPE'] } }),
    ).toThrow(BillingError);
  });

  it('rounds half cents up, per line, then VAT per rate', () => {
    // 1 kWh × 0.125 = 0.125 € → 13 ct; VAT 19 % of 13 ct = 2.47 → 2 ct.
    expect(bill({ tariff: { productKind: 'standard', versions: [version('2020-01-01', '0', '0.125')] } }, '0', '1')).toMatchObject({
      netCents: 13,
      vatCents: 2,
    });
    // 1 kWh × 0.50 = 50 ct; VAT 9.5 ct → 10 ct.
    expect(bill({ tariff: { productKind: 'standard', versions: [version('2020-01-01', '0', '0.5')] } }, '0', '1')).toMatchObject({
      netCents: 50,
      vatCents: 10,
      grossCents: 60,
    });
    // Two lines of 0.125 € each are 13 + 13 = 26 ct, not round(0.25 €) = 25 ct: rounded per line.
    const modules = [{ code: 'X', name: 'Zusatz', basePriceMonthNet: '0', workingPriceKwhNet: '0.125' }];
    const twoLines = bill(
      {
        tariff: { productKind: 'modular', versions: [version('2020-01-01', '0', '0.125', { modules })] },
        contract: { id: 'c1', startDate: '2020-01-01', annualConsumptionKwh: 1, tariffModules: ['X'] },
      },
      '0',
      '1',
    );
    expect(twoLines.lines.map((l) => l.netCents)).toEqual([13, 13]);
    expect(twoLines.netCents).toBe(26);
  });

  it('accepts another split rule (e.g. a load profile) and checks it sums exactly', () => {
    const tariff = { productKind: 'standard' as const, versions: [version('2020-01-01', '0', '0.10'), version('2023-07-01', '0', '0.20')] };
    const winterHeavy = (total: Decimal) => [total.times('0.6'), total.times('0.4')];
    expect(bill({ tariff, split: winterHeavy }, '0', '1000').periods.map((p) => p.consumptionKwh)).toEqual(['600.000', '400.000']);
    expect(() => bill({ tariff, split: (t) => [t, t] }, '0', '1000')).toThrow(BillingError);
  });

  it('refuses impossible input', () => {
    const tariff = { productKind: 'standard' as const, versions: [version('2020-01-01', '10', '0.25')] };
    expect(() => bill({ tariff }, '500', '400')).toThrow(expect.objectContaining({ field: 'readings.end' }));
    expect(() => bill({ tariff, periodStart: '2019-01-01' })).toThrow(expect.objectContaining({ field: 'periodStart' }));
    expect(() => bill({ tariff: { productKind: 'standard', versions: [version('2023-02-01', '10', '0.25')] } })).toThrow(
      expect.objectContaining({ field: 'tariff.versions' }),
    );
    expect(() => bill({ tariff, installmentsCents: 0.5 })).toThrow();
  });

  it('carries the previous period for the comparison', () => {
    const previousPeriod = { periodStart: '2022-01-01', periodEnd: '2022-12-31', consumptionKwh: '2800.000' };
    const b = bill({ tariff: { productKind: 'standard', versions: [version('2020-01-01', '10', '0.25')] }, previousPeriod });
    expect(b.previousPeriod).toEqual(previousPeriod);
  });
});

describe('billing periods', () => {
  it('counts periods from the supply start, anchored so month ends do not drift', () => {
    const c = { startDate: '2024-01-31', billingPeriodMonths: 1 };
    expect(billingPeriodFor(c, '2024-02-15')).toEqual({ start: '2024-01-31', end: '2024-02-28' });
    expect(billingPeriodFor(c, '2024-02-29')).toEqual({ start: '2024-02-29', end: '2024-03-30' });
    expect(billingPeriodFor(c, '2024-03-31')).toEqual({ start: '2024-03-31', end: '2024-04-29' });
  });
  it('uses billing_period_start, yearly by default, and ends with the contract', () => {
    expect(billingPeriodFor({ startDate: '2023-03-15' }, '2024-06-01')).toEqual({ start: '2024-03-15', end: '2025-03-14' });
    expect(billingPeriodFor({ startDate: '2023-03-15' }, '2023-01-01')).toEqual({ start: '2023-03-15', end: '2024-03-14' });
    expect(billingPeriodFor({ startDate: '2023-03-15', billingPeriodStart: '2024-01-01' }, '2024-06-01')).toEqual({
      start: '2024-01-01',
      end: '2024-12-31',
    });
    const ending = { startDate: '2023-03-15', endDate: '2024-08-31' };
    expect(billingPeriodFor(ending, '2024-06-01')).toEqual({ start: '2024-03-15', end: '2024-08-31' });
    expect(nextBillingPeriodStart(ending, '2024-06-01')).toBeNull();
    expect(nextBillingPeriodStart({ startDate: '2023-03-15', billingPeriodMonths: 3 }, '2023-05-01')).toBe('2023-06-15');
  });
});
