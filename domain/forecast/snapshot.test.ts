/** The portfolio snapshot from the database: contracts grouped per product and end, the seeded cost basis, maintenance. */
import { databaseVariants, type TestDatabase } from '../../db/testing';
import { insertContract } from '../shared/test-fixtures';
import { computeForecast } from './compute';
import { forecastCsv } from './csv';
import { parseScenario } from './scenario';
import { addCostBasis, loadPortfolioSnapshot } from './snapshot';
import { ForecastError } from './types';

describe.each(databaseVariants())('forecast snapshot ($name)', (variant) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await variant.open();
    await insertContract(t.db, { tariffCode: 'RHEIN-FIX-24', annualConsumptionKwh: 3000 });
    await insertContract(t.db, { tariffCode: 'RHEIN-FIX-24', annualConsumptionKwh: 2000 });
    await insertContract(t.db, { tariffCode: 'RHEIN-FIX-24', annualConsumptionKwh: 4000, status: 'terminated', endDate: '2027-03-31' });
    // Ended before the snapshot, and never supplied: neither counts.
    await insertContract(t.db, { tariffCode: 'RHEIN-FIX-24', status: 'terminated', endDate: '2026-06-30' });
    await insertContract(t.db, { tariffCode: 'RHEIN-GAS-24', status: 'cancelled' });
    // Signed, supplied from the middle of February; and one whose start is not known yet (left out).
    await insertContract(t.db, { tariffCode: 'RHEIN-FIX-24', annualConsumptionKwh: 2000, status: 'pending', startDate: '2027-02-15' });
    const unknownStart = await insertContract(t.db, { tariffCode: 'RHEIN-FIX-24', status: 'pending' });
    await t.db('contracts').where({ id: unknownStart.contractId }).update({ start_date: null });
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('groups the supplying contracts and takes the seeded cost basis and load profile', async () => {
    const snapshot = await loadPortfolioSnapshot(t.db, '2026-12-10');
    expect(snapshot.cohorts.sort((a, b) => `${a.startDate}${a.endDate}`.localeCompare(`${b.startDate}${b.endDate}`))).toEqual([
      { tariffCode: 'RHEIN-FIX-24', contracts: 1, annualKwh: 2000, startDate: '2027-02-15', endDate: null },
      { tariffCode: 'RHEIN-FIX-24', contracts: 1, annualKwh: 4000, startDate: null, endDate: '2027-03-31' },
      { tariffCode: 'RHEIN-FIX-24', contracts: 2, annualKwh: 5000, startDate: null, endDate: null },
    ]);
    expect(snapshot.products.map((p) => [p.tariffCode, p.loadProfile, p.costs.length])).toEqual([
      ['RHEIN-FIX-24', 'H0', 1],
      ['RHEIN-GAS-24', 'HEF', 1],
      ['STROM-FIX-24', 'H0', 1],
    ]);
    const forecast = computeForecast(snapshot, parseScenario({}, { asOf: snapshot.asOf, tariffCodes: ['RHEIN-FIX-24'] }));
    // January 2027, RHEIN-FIX-24: 3 customers, 9,000 kWh × 9.8 % = 882 kWh at 0.2521 € + 3 × 10 €: 252.35 €;
    // procurement 882 × 0.105 = 92.61 €; network 882 × 0.135 + 3 × 5.50 = 119.07 + 16.50 = 135.57 €; margin 24.17 €.
    expect(forecast.months[0].items[0]).toEqual({
      tariffCode: 'RHEIN-FIX-24',
      customers: '3.00',
      kwh: '882',
      revenueCents: 25235,
      procurementCents: 9261,
      networkCents: 13557,
      marginCents: 2417,
    });
    // February: the signed contract supplies 14 of 28 days: 3.5 customers, (9,000 + 1,000) × 8.8 % = 880 kWh.
    expect(forecast.months[1].items[0]).toMatchObject({ customers: '3.50', kwh: '880' });
    expect(forecast.products[0]).toMatchObject({ tariffCode: 'RHEIN-FIX-24', contracts: 3, averageAnnualKwh: 2750 });
    const csv = forecastCsv(forecast);
    expect(csv.startsWith('\uFEFFMonat;Tarif;Produkt;Kunden;Verbrauch (kWh);Umsatz netto (EUR)')).toBe(true);
    expect(csv.split('\r\n')[1]).toBe('2027-01;RHEIN-FIX-24;Rhein Strom Fix 24;3,00;882;252,35;92,61;135,57;24,17');
  });

  it('lets an analyst add a cost basis from a date, and refuses wrong ones field by field', async () => {
    const row = await addCostBasis(t.db, {
      tariffCode: 'STROM-FIX-24',
      validFrom: '2027-01-01',
      procurementKwhNet: '0.095',
      networkKwhNet: '0.14',
      networkMonthNet: '6',
      loadProfile: 'H0',
      createdBy: 'analyst',
    });
    expect(row).toMatchObject({ validFrom: '2027-01-01', procurementKwhNet: '0.095', createdBy: 'analyst' });
    const wrong = addCostBasis(t.db, {
      tariffCode: 'NOPE',
      validFrom: '2027-02-30',
      procurementKwhNet: '-1',
      networkKwhNet: '0.1',
      networkMonthNet: '1,5',
      loadProfile: 'G0',
      createdBy: 'analyst',
    });
    await expect(wrong).rejects.toBeInstanceOf(ForecastError);
    await expect(wrong).rejects.toMatchObject({
      details: ['procurementKwhNet', 'networkMonthNet', 'validFrom', 'loadProfile', 'tariffCode'].map((field) => ({
        field,
        message: expect.any(String),
      })),
    });
    await expect(addCostBasis(t.db, { ...row, createdBy: 'analyst' })).rejects.toMatchObject({ details: [{ field: 'validFrom' }] });
  });
});
