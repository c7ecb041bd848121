import { estimateReading } from './estimate';
import { checkPlausibility } from './plausibility';
import { readingKindOf } from './types';

describe('checkPlausibility', () => {
  const previous = { date: '2024-01-01', valueKwh: '10000' };
  it('accepts consumption near the expected', () => {
    // 3,650 kWh a year = 10 kWh a day; 100 days, 1,000 kWh = 10 kWh a day.
    expect(checkPlausibility({ previous, current: { date: '2024-04-10', valueKwh: '11000' }, expectedAnnualKwh: 3650 })).toEqual({
      plausible: true,
      reasons: [],
      dailyKwh: '10.000',
      expectedDailyKwh: '10.000',
    });
  });
  it('flags too low and too high consumption, in German', () => {
    const low = checkPlausibility({ previous, current: { date: '2024-04-10', valueKwh: '10200' }, expectedAnnualKwh: 3650 });
    expect(low.plausible).toBe(false);
    expect(low.dailyKwh).toBe('2.000');
    expect(low.reasons).toEqual(['Der Verbrauch von 2,000 kWh pro Tag liegt unter 30 % des erwarteten Verbrauchs (10,000 kWh pro Tag).']);
    const high = checkPlausibility({ previous, current: { date: '2024-04-10', valueKwh: '12600' }, expectedAnnualKwh: 3650 });
    expect(high.reasons).toEqual([
      'Der Verbrauch von 26,000 kWh pro Tag liegt über dem 2,5-fachen des erwarteten Verbrauchs (10,000 kWh pro Tag).',
    ]);
  });
  it('keeps the bounds: exactly 0.3× and 2.5× are still plausible', () => {
    expect(checkPlausibility({ previous, current: { date: '2024-04-10', valueKwh: '10300' }, expectedAnnualKwh: 3650 }).plausible).toBe(
      true,
    );
    expect(checkPlausibility({ previous, current: { date: '2024-04-10', valueKwh: '12500' }, expectedAnnualKwh: 3650 }).plausible).toBe(
      true,
    );
  });
  it('compares with the previous period too, and takes other factors', () => {
    const r = checkPlausibility({
      previous,
      current: { date: '2024-04-10', valueKwh: '11000' },
      expectedAnnualKwh: 3650,
      previousPeriodDailyKwh: '3',
    });
    expect(r.plausible).toBe(false);
    expect(r.reasons[0]).toContain('Verbrauchs im Vorzeitraum (3,000 kWh pro Tag)');
    const strict = checkPlausibility({
      previous,
      current: { date: '2024-04-10', valueKwh: '11300' },
      expectedAnnualKwh: 3650,
      tolerance: { maxFactor: '1.2' },
    });
    expect(strict.plausible).toBe(false);
  });
  it('flags a lower value and a date not after the previous one', () => {
    expect(checkPlausibility({ previous, current: { date: '2024-04-10', valueKwh: '9999' }, expectedAnnualKwh: 3650 }).reasons).toEqual([
      'Der Zählerstand ist niedriger als der vorherige (10000 kWh).',
    ]);
    expect(checkPlausibility({ previous, current: { date: '2024-01-01', valueKwh: '10000' }, expectedAnnualKwh: 3650 })).toMatchObject({
      plausible: false,
      dailyKwh: '0.000',
    });
  });
});

describe('estimateReading', () => {
  it('adds the expected consumption pro rata by days, in whole kWh', () => {
    // 3,500 kWh × 91 / 365 = 872.6 → 10000 + 872.6 = 10872.6 → 10873.
    expect(
      estimateReading({ id: 'c1', annualConsumptionKwh: 3500 }, { readingDate: '2024-01-01', valueKwh: '10000' }, '2024-04-01'),
    ).toEqual({
      contractId: 'c1',
      readingDate: '2024-04-01',
      valueKwh: '10873.000',
      source: 'estimate',
    });
    expect(() =>
      estimateReading({ id: 'c1', annualConsumptionKwh: 1 }, { readingDate: '2024-01-02', valueKwh: '0' }, '2024-01-01'),
    ).toThrow();
  });
});

describe('readingKindOf', () => {
  it('names the origin as the bill shows it', () => {
    expect(readingKindOf('meter_operator')).toBe('read');
    expect(readingKindOf('case_worker')).toBe('read');
    expect(readingKindOf('customer')).toBe('customer');
    expect(readingKindOf('estimate')).toBe('estimated');
  });
});
