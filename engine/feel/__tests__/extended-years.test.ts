/**
 * Negative years, which feel-scala 1.19 reads (java.time) and feelin rejects ("not implemented:
 * negative date"). Expected values from the DMN TCK (0100-arithmetic, 1115-feel-date-function,
 * 1117-feel-date-and-time-function, 1121-feel-years-and-months-duration-function).
 */
import { evaluateFeel } from '..';

const feel = (source: string): unknown => evaluateFeel(source, {});

describe('negative years', () => {
  it.each([
    ['string(date("-2017-12-31"))', '-2017-12-31'],
    ['string(@"-2017-01-01")', '-2017-01-01'],
    ['string(@"-2021-01-01T10:10:10+11:00" + @"P1M")', '-2021-02-01T10:10:10+11:00'],
    ['string(@"P1Y" + @"-2021-01-01T10:10:10+11:00")', '-2020-01-01T10:10:10+11:00'],
    ['string(@"-2021-01-01T10:10:10@Australia/Melbourne" - @"PT1H")', '-2021-01-01T09:10:10@Australia/Melbourne'],
    ['string(date and time("-2016-01-30T09:05:00"))', '-2016-01-30T09:05:00'],
    ['string(years and months duration(date and time("-2016-01-30T09:05:00"), date and time("-2017-02-28T02:02:02")))', '-P11M'],
    ['date("-2017-12-31") < date("2017-12-31")', true],
    ['string("-2017-12-31")', '-2017-12-31'],
  ])('%s → %p', (source, expected) => {
    expect(feel(source)).toBe(expected);
  });

  it('gives null for a date Temporal cannot hold or a bad zone', () => {
    expect(feel('date("-999999999-12-31")')).toBeNull();
    expect(feel('date and time("-2017-12-31T10:00:00@Nowhere/City")')).toBeNull();
  });

  it('gives null for a zone offset beyond ±18:00, as java.time (TCK 1116 067, 1117 078)', () => {
    expect(feel('time("13:20:00+19:00")')).toBeNull();
    expect(feel('date and time("2017-12-31T13:20:00-19:00")')).toBeNull();
    expect(feel('@"2017-12-31T13:20:00+18:30"')).toBeNull();
    expect(feel('string(time("13:20:00+18:00"))')).toBe('13:20:00+18:00');
  });
});
