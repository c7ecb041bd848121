import Decimal from 'decimal.js';
import { splitByDays } from './proration';

describe('splitByDays', () => {
  it('splits linearly by days and sums exactly to the total', () => {
    // 3,500 kWh over 2024 (366 days), price change on 2024-07-01: 182 + 184 days.
    // 3500 × 182 / 366 = 1740.437158… → 1740.437; the rest 1759.563 goes to the second period.
    const shares = splitByDays(new Decimal('3500'), [
      { from: '2024-01-01', to: '2024-06-30', days: 182 },
      { from: '2024-07-01', to: '2024-12-31', days: 184 },
    ]);
    expect(shares.map(String)).toEqual(['1740.437', '1759.563']);
  });
  it('gives the rounding remainder to the last period', () => {
    const shares = splitByDays(new Decimal('100'), [
      { from: 'a', to: 'a', days: 1 },
      { from: 'b', to: 'b', days: 1 },
      { from: 'c', to: 'c', days: 1 },
    ]);
    expect(shares.map(String)).toEqual(['33.333', '33.333', '33.334']);
    expect(shares.reduce((s, x) => s.plus(x), new Decimal(0)).toString()).toBe('100');
  });
  it('keeps one period whole and refuses empty periods', () => {
    expect(splitByDays(new Decimal('12.345'), [{ from: 'a', to: 'b', days: 30 }]).map(String)).toEqual(['12.345']);
    expect(splitByDays(new Decimal('1'), [])).toEqual([]);
    expect(() => splitByDays(new Decimal('1'), [{ from: 'a', to: 'b', days: 0 }])).toThrow(RangeError);
  });
});
