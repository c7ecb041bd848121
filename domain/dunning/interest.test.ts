import { defaultInterest, InterestError, type BaseRate } from './interest';

const baseRates: BaseRate[] = [
  { validFrom: '2023-07-01', ratePercent: '3.12' },
  { validFrom: '2024-01-01', ratePercent: '3.62' },
  { validFrom: '2024-07-01', ratePercent: '3.37' },
  { validFrom: '2025-01-01', ratePercent: '2.27' },
  { validFrom: '2025-07-01', ratePercent: '1.27' },
];

describe('default interest (§288 BGB)', () => {
  it('matches a hand computation to the cent over a base rate change (consumer)', () => {
    // 1,234.56 € due 2025-05-15, interest from 2025-05-16 (§187 (1) BGB) to 2025-09-30 inclusive:
    //   2025-05-16..2025-06-30: 16 + 30 = 46 days at 2.27 + 5 = 7.27 %:
    //     1234.56 × 0.0727 × 46 / 365 = 11.311275484…
    //   2025-07-01..2025-09-30: 31 + 31 + 30 = 92 days at 1.27 + 5 = 6.27 %:
    //     1234.56 × 0.0627 × 92 / 365 = 19.510783298…
    //   sum 30.822058783… → 30.82 € (rounded once, at the end)
    const r = defaultInterest({
      principalCents: 123456,
      fromDate: '2025-05-15',
      toDate: '2025-09-30',
      customerType: 'consumer',
      baseRates,
    });
    expect(r.cents).toBe(3082);
    expect(r.segments.map((s) => [s.from, s.to, s.days, s.ratePercent])).toEqual([
      ['2025-05-16', '2025-06-30', 46, '7.27'],
      ['2025-07-01', '2025-09-30', 92, '6.27'],
    ]);
    expect(r.segments[0].interestEuros).toMatch(/^11\.3112754849/);
  });

  it('adds 9 points for business customers', () => {
    // 1234.56 × 0.1127 × 46/365 = 17.534810827… + 1234.56 × 0.1027 × 92/365 = 31.957853983… = 49.492664810… → 49.49
    const r = defaultInterest({
      principalCents: 123456,
      fromDate: '2025-05-15',
      toDate: '2025-09-30',
      customerType: 'business',
      baseRates,
    });
    expect(r.cents).toBe(4949);
    expect(r.segments.map((s) => s.ratePercent)).toEqual(['11.27', '10.27']);
  });

  it('counts 29 February as a day and still divides by 365 in a leap year', () => {
    // 1,000.00 € due 2024-02-15: 2024-02-16..2024-03-31 = 14 + 31 = 45 days at 3.62 + 5 = 8.62 %:
    //   1000 × 0.0862 × 45 / 365 = 10.627397… → 10.63
    const r = defaultInterest({
      principalCents: 100000,
      fromDate: '2024-02-15',
      toDate: '2024-03-31',
      customerType: 'consumer',
      baseRates,
    });
    expect(r.segments).toHaveLength(1);
    expect(r.segments[0].days).toBe(45);
    expect(r.cents).toBe(1063);
  });

  it('splits at changes of the principal (a part payment)', () => {
    // 1,000.00 € due 2025-08-31, 400 € paid on 2025-09-15 (that day bears interest only on the rest):
    //   1000 × 0.0627 × 14/365 = 2.404931… + 600 × 0.0627 × 16/365 = 1.649096… = 4.054027… → 4.05
    const r = defaultInterest({
      principalCents: 100000,
      fromDate: '2025-08-31',
      toDate: '2025-09-30',
      customerType: 'consumer',
      baseRates,
      principalChanges: [{ date: '2025-09-15', principalCents: 60000 }],
    });
    expect(r.cents).toBe(405);
    expect(r.segments.map((s) => [s.from, s.to, s.principalCents])).toEqual([
      ['2025-09-01', '2025-09-14', 100000],
      ['2025-09-15', '2025-09-30', 60000],
    ]);
  });

  it('applies a negative base rate as it is, and takes configured spreads', () => {
    const negative: BaseRate[] = [{ validFrom: '2016-07-01', ratePercent: '-0.88' }];
    // 1000 × 0.0412 × 365/365 = 41.20
    expect(
      defaultInterest({
        principalCents: 100000,
        fromDate: '2016-12-31',
        toDate: '2017-12-31',
        customerType: 'consumer',
        baseRates: negative,
      }).cents,
    ).toBe(4120);
    const r = defaultInterest({
      principalCents: 100000,
      fromDate: '2016-12-31',
      toDate: '2017-12-31',
      customerType: 'consumer',
      baseRates: negative,
      spreads: { consumer: '0.5', business: '9' },
    });
    expect(r.segments[0].ratePercent).toBe('-0.38');
    expect(r.cents).toBe(-380);
  });

  it('is zero for an empty period and refuses days before the first base rate', () => {
    expect(
      defaultInterest({ principalCents: 100000, fromDate: '2025-09-30', toDate: '2025-09-30', customerType: 'consumer', baseRates }),
    ).toEqual({
      cents: 0,
      segments: [],
    });
    expect(() =>
      defaultInterest({ principalCents: 100000, fromDate: '2020-01-01', toDate: '2025-09-30', customerType: 'consumer', baseRates }),
    ).toThrow(InterestError);
  });
});
