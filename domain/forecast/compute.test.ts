/**
 * The forecast against a hand calculation: two products, three months, every what-if at once.
 *
 * Portfolio on 2026-12-10:
 * - STROM-T (electricity, H0: Jan 9.8 %, Feb 8.8 %, Mar 9.1 %): 10 running contracts with 30,000 kWh
 *   a year together, and 1 contract of 6,000 kWh ending 2027-02-14. Prices 10.00 €/month and
 *   0.30 €/kWh, from 2027-02-15 12.00 € and 0.32 €. Costs: procurement 0.12 €/kWh, network and
 *   levies 0.10 €/kWh and 5.00 €/month. Scenario: churn 12 % a year → 1 % a month.
 * - GAS-T (gas, HEF: Jan 16 %, Feb 14 %, Mar 12 %): 5 contracts, 75,000 kWh (average 15,000).
 *   12.00 €/month, 0.08 €/kWh. Costs 0.04 €/kWh, 0.02 €/kWh and 4.00 €/month. Scenario: 2 new
 *   customers a month (at the average), prices +10 % from March 2027.
 *
 * STROM-T
 *   Jan: customers 10 + 1 = 11; kWh (30,000 + 6,000) × 0.098 = 3,528
 *        revenue 11 × 10 + 3,528 × 0.30 = 110 + 1,058.40 = 1,168.40
 *        procurement 3,528 × 0.12 = 423.36; network 3,528 × 0.10 + 11 × 5 = 352.80 + 55 = 407.80
 *        margin 1,168.40 − 423.36 − 407.80 = 337.24
 *   Feb: survival 0.99; the ending contract supplies 14 of 28 days (0.5)
 *        customers 0.99 × 10.5 = 10.395; kWh 0.99 × (30,000 + 3,000) × 0.088 = 32,670 × 0.088 = 2,874.96
 *        prices: 14 days old, 14 days new → base (10 + 12) / 2 = 11, working (0.30 + 0.32) / 2 = 0.31
 *        revenue 10.395 × 11 + 2,874.96 × 0.31 = 114.345 + 891.2376 = 1,005.5826 → 1,005.58
 *        procurement 2,874.96 × 0.12 = 344.9952 → 345.00
 *        network 287.496 + 10.395 × 5 = 287.496 + 51.975 = 339.471 → 339.47
 *        margin 1,005.58 − 345.00 − 339.47 = 321.11
 *   Mar: survival 0.99² = 0.9801; the ended contract is gone
 *        customers 9.801; kWh 0.9801 × 30,000 × 0.091 = 29,403 × 0.091 = 2,675.673 (shown 2,676)
 *        revenue 9.801 × 12 + 2,675.673 × 0.32 = 117.612 + 856.21536 = 973.82736 → 973.83
 *        procurement 2,675.673 × 0.12 = 321.08076 → 321.08
 *        network 267.5673 + 9.801 × 5 = 267.5673 + 49.005 = 316.5723 → 316.57
 *        margin 973.83 − 321.08 − 316.57 = 336.18
 * GAS-T
 *   Jan: customers 5 + 2 = 7; kWh (75,000 + 2 × 15,000) × 0.16 = 16,800
 *        revenue 7 × 12 + 16,800 × 0.08 = 84 + 1,344 = 1,428.00; procurement 672.00
 *        network 336 + 28 = 364.00; margin 392.00
 *   Feb: customers 9; kWh 135,000 × 0.14 = 18,900; revenue 108 + 1,512 = 1,620.00
 *        procurement 756.00; network 378 + 36 = 414.00; margin 450.00
 *   Mar: customers 11; kWh 165,000 × 0.12 = 19,800; prices +10 %: 13.20 € and 0.088 €
 *        revenue 145.20 + 1,742.40 = 1,887.60; procurement 792.00; network 396 + 44 = 440.00
 *        margin 655.60
 * Totals: Jan revenue 2,596.40, margin 729.24; Feb 2,625.58 and 771.11; Mar 2,861.43 and 991.78.
 */
import { computeForecast } from './compute';
import { loadProfileCodes, monthShare } from './profiles';
import { parseScenario } from './scenario';
import { ForecastError, type PortfolioSnapshot } from './types';

const snapshot: PortfolioSnapshot = {
  asOf: '2026-12-10',
  products: [
    {
      tariffCode: 'STROM-T',
      name: 'Strom Test',
      commodity: 'electricity',
      loadProfile: 'H0',
      prices: [
        { validFrom: '2020-01-01', basePriceMonthNet: '10', workingPriceKwhNet: '0.3' },
        { validFrom: '2027-02-15', basePriceMonthNet: '12', workingPriceKwhNet: '0.32' },
      ],
      costs: [{ validFrom: '2020-01-01', procurementKwhNet: '0.12', networkKwhNet: '0.10', networkMonthNet: '5' }],
    },
    {
      tariffCode: 'GAS-T',
      name: 'Gas Test',
      commodity: 'gas',
      loadProfile: 'HEF',
      prices: [{ validFrom: '2020-01-01', basePriceMonthNet: '12', workingPriceKwhNet: '0.08' }],
      costs: [{ validFrom: '2020-01-01', procurementKwhNet: '0.04', networkKwhNet: '0.02', networkMonthNet: '4' }],
    },
  ],
  cohorts: [
    { tariffCode: 'STROM-T', contracts: 10, annualKwh: 30000, endDate: null },
    { tariffCode: 'STROM-T', contracts: 1, annualKwh: 6000, endDate: '2027-02-14' },
    { tariffCode: 'GAS-T', contracts: 5, annualKwh: 75000, endDate: null },
  ],
};
const ctx = { asOf: snapshot.asOf, tariffCodes: ['STROM-T', 'GAS-T'] };

it('matches the hand calculation to the cent', () => {
  const scenario = {
    ...parseScenario(
      {
        months: 12,
        startMonth: '2027-01',
        churn: [{ tariffCode: 'STROM-T', percentPerYear: 12 }],
        newCustomers: [{ tariffCode: 'GAS-T', perMonth: 2 }],
        priceChanges: [{ tariffCode: 'GAS-T', fromMonth: '2027-03', percent: '10' }],
      },
      ctx,
    ),
  };
  // The API allows 12 to 36 months; the hand calculation follows the first three.
  const forecast = computeForecast(snapshot, { ...scenario, months: 3 });
  const row = (m: number, code: string) => forecast.months[m].items.find((i) => i.tariffCode === code);
  expect(forecast.months.map((m) => m.month)).toEqual(['2027-01', '2027-02', '2027-03']);
  expect(row(0, 'STROM-T')).toEqual({
    tariffCode: 'STROM-T',
    customers: '11.00',
    kwh: '3528',
    revenueCents: 116840,
    procurementCents: 42336,
    networkCents: 40780,
    marginCents: 33724,
  });
  expect(row(1, 'STROM-T')).toEqual({
    tariffCode: 'STROM-T',
    customers: '10.40',
    kwh: '2875',
    revenueCents: 100558,
    procurementCents: 34500,
    networkCents: 33947,
    marginCents: 32111,
  });
  expect(row(2, 'STROM-T')).toEqual({
    tariffCode: 'STROM-T',
    customers: '9.80',
    kwh: '2676',
    revenueCents: 97383,
    procurementCents: 32108,
    networkCents: 31657,
    marginCents: 33618,
  });
  expect([0, 1, 2].map((m) => row(m, 'GAS-T'))).toEqual([
    {
      tariffCode: 'GAS-T',
      customers: '7.00',
      kwh: '16800',
      revenueCents: 142800,
      procurementCents: 67200,
      networkCents: 36400,
      marginCents: 39200,
    },
    {
      tariffCode: 'GAS-T',
      customers: '9.00',
      kwh: '18900',
      revenueCents: 162000,
      procurementCents: 75600,
      networkCents: 41400,
      marginCents: 45000,
    },
    {
      tariffCode: 'GAS-T',
      customers: '11.00',
      kwh: '19800',
      revenueCents: 188760,
      procurementCents: 79200,
      networkCents: 44000,
      marginCents: 65560,
    },
  ]);
  expect(forecast.months.map((m) => [m.total.revenueCents, m.total.marginCents])).toEqual([
    [259640, 72924],
    [262558, 77111],
    [286143, 99178],
  ]);
  expect(forecast.products).toEqual([
    expect.objectContaining({ tariffCode: 'GAS-T', contracts: 5, averageAnnualKwh: 15000, hasCostBasis: true }),
    expect.objectContaining({ tariffCode: 'STROM-T', contracts: 11, averageAnnualKwh: 3273, hasCostBasis: true }),
  ]);
});

it('holds the annual consumption over a year without what-ifs', () => {
  const forecast = computeForecast(snapshot, parseScenario({ months: 24, startMonth: '2027-03' }, ctx));
  expect(forecast.months).toHaveLength(24);
  const gasKwh = forecast.months.slice(0, 12).reduce((n, m) => n + Number(m.items.find((i) => i.tariffCode === 'GAS-T')!.kwh), 0);
  expect(gasKwh).toBe(75000);
  for (const profile of loadProfileCodes) {
    const total = Array.from({ length: 12 }, (_, i) => monthShare(profile, i + 1)).reduce((a, b) => a.plus(b));
    expect(total.toString()).toBe('1');
  }
});

it('names every wrong field of a scenario', () => {
  const wrong = () =>
    parseScenario(
      {
        months: 48,
        startMonth: '2026-11',
        churn: [{ tariffCode: 'NOPE', percentPerYear: 120 }],
        priceChanges: [{ tariffCode: 'GAS-T', fromMonth: '2027-13', percent: '5', workingPriceKwhNet: '0.1' }],
        newCustomers: [{ tariffCode: 'GAS-T', perMonth: -1 }],
        colour: 'green',
      },
      ctx,
    );
  expect(wrong).toThrow(ForecastError);
  try {
    wrong();
  } catch (err) {
    expect((err as ForecastError).details.map((d) => d.field)).toEqual([
      'colour',
      'months',
      'startMonth',
      'churn[0].tariffCode',
      'churn[0].percentPerYear',
      'priceChanges[0].fromMonth',
      'priceChanges[0].percent',
      'newCustomers[0].perMonth',
    ]);
  }
  expect(parseScenario(undefined, ctx)).toEqual({ startMonth: '2027-01', months: 12, churn: [], priceChanges: [], newCustomers: [] });
});

it('asks for the consumption of new customers of a product without contracts', () => {
  const empty: PortfolioSnapshot = { ...snapshot, cohorts: snapshot.cohorts.filter((c) => c.tariffCode !== 'GAS-T') };
  const scenario = parseScenario({ newCustomers: [{ tariffCode: 'GAS-T', perMonth: 1 }] }, ctx);
  expect(() => computeForecast(empty, scenario)).toThrow(/give annualKwh/);
  const given = computeForecast(empty, { ...scenario, newCustomers: [{ tariffCode: 'GAS-T', perMonth: 1, annualKwh: 12000 }] });
  // January 2027: 1 customer, 12,000 × 16 % = 1,920 kWh; 12 + 153.60 = 165.60 €.
  expect(given.months[0].items.find((i) => i.tariffCode === 'GAS-T')).toMatchObject({ kwh: '1920', revenueCents: 16560 });
});
