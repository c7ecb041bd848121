import { addDays, addMonths, daysBetween, daysBetweenInclusive, isoDate, isValidIsoDate } from './dates';
import { toCents } from './db';

describe('dates', () => {
  it('reads a local-midnight Date as its local calendar day', () => {
    expect(isoDate(new Date(2024, 3, 1))).toBe('2024-04-01');
    expect(isoDate(new Date(2024, 11, 31, 23, 59))).toBe('2024-12-31');
    expect(isoDate('2024-04-01')).toBe('2024-04-01');
    expect(isoDate('2024-04-01T00:00:00.000Z')).toBe('2024-04-01');
    expect(() => isoDate('2023-02-29')).toThrow();
    expect(() => isoDate('1.4.2024')).toThrow();
  });
  it('validates calendar dates', () => {
    expect(isValidIsoDate('2024-02-29')).toBe(true);
    expect(isValidIsoDate('2023-02-29')).toBe(false);
    expect(isValidIsoDate('2024-13-01')).toBe(false);
  });
  it('adds days across months, years and DST changes', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-31', -1)).toBe('2024-03-30');
    expect(addDays('2024-10-27', 1)).toBe('2024-10-28');
  });
  it('adds months clamping the month end', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonths('2024-11-15', 3)).toBe('2025-02-15');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
  });
  it('counts days', () => {
    expect(daysBetweenInclusive('2024-01-01', '2024-12-31')).toBe(366);
    expect(daysBetweenInclusive('2023-01-01', '2023-12-31')).toBe(365);
    expect(daysBetweenInclusive('2024-03-01', '2024-03-01')).toBe(1);
    expect(daysBetween('2024-03-30', '2024-04-01')).toBe(2);
  });
});

describe('toCents', () => {
  it('accepts integers as number, string or bigint', () => {
    expect(toCents('123')).toBe(123);
    expect(toCents(-5)).toBe(-5);
    expect(toCents(BigInt(42))).toBe(42);
  });
  it('refuses fractions and unsafe values', () => {
    expect(() => toCents('1.5')).toThrow(RangeError);
    expect(() => toCents(0.1)).toThrow(RangeError);
    expect(() => toCents('9007199254740993')).toThrow(RangeError);
    expect(() => toCents('')).toThrow(RangeError);
  });
});
