import { AmountError, formatAmount, formatEuro, parseAmount, roundToCents } from './cents';
import { vatByRate, vatOn } from './vat';

describe('money', () => {
  it('parses decimal strings to cents without floats', () => {
    expect(parseAmount('0.1')).toBe(10);
    expect(parseAmount('1234.56')).toBe(123456);
    expect(parseAmount('-0.07')).toBe(-7);
    expect(parseAmount('19.99')).toBe(1999);
    expect(() => parseAmount('1.005')).toThrow(AmountError);
    expect(() => parseAmount('1e3')).toThrow(AmountError);
  });
  it('formats cents', () => {
    expect(formatAmount(123450)).toBe('1234.50');
    expect(formatAmount(-7)).toBe('-0.07');
    expect(formatEuro(123456789)).toBe('1.234.567,89 €');
  });
  it('rounds commercially, half away from zero', () => {
    expect(roundToCents('0.005')).toBe(1);
    expect(roundToCents('-0.005')).toBe(-1);
    expect(roundToCents('0.0049')).toBe(0);
  });
  it('computes VAT once per rate', () => {
    expect(vatOn(1001, '19')).toBe(190);
    const groups = vatByRate([
      { netCents: 333, vatRatePercent: '19' },
      { netCents: 333, vatRatePercent: '19' },
      { netCents: 1000, vatRatePercent: '7' },
    ]);
    expect(groups).toEqual([
      { ratePercent: '19', netCents: 666, vatCents: 127 },
      { ratePercent: '7', netCents: 1000, vatCents: 70 },
    ]);
  });
});
