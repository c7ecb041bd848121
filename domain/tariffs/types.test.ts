import { tariffAvailableTo, versionAt } from './types';
import { checkPrice, checkVersion } from './validate';

describe('tariffAvailableTo', () => {
  it('offers public tariffs to everyone and a B2B tariff to its customer only', () => {
    expect(tariffAvailableTo({ customerId: null, active: true }, 'c1')).toBe(true);
    expect(tariffAvailableTo({ customerId: null, active: true }, undefined)).toBe(true);
    expect(tariffAvailableTo({ customerId: 'c1', active: true }, 'c1')).toBe(true);
    expect(tariffAvailableTo({ customerId: 'c1', active: true }, 'c2')).toBe(false);
    expect(tariffAvailableTo({ customerId: 'c1', active: true }, null)).toBe(false);
    expect(tariffAvailableTo({ customerId: null, active: false }, 'c1')).toBe(false);
  });
});

describe('versionAt', () => {
  const versions = [{ validFrom: '2024-01-01' }, { validFrom: '2024-07-01' }];
  it('finds the version in force', () => {
    expect(versionAt(versions, '2023-12-31')).toBeUndefined();
    expect(versionAt(versions, '2024-06-30')).toBe(versions[0]);
    expect(versionAt(versions, '2024-07-01')).toBe(versions[1]);
  });
});

describe('validation', () => {
  it('accepts prices as decimal strings with at most 6 decimals', () => {
    expect(checkPrice('p', '0.252100')).toBe('0.252100');
    expect(() => checkPrice('p', '0.2521001')).toThrow(expect.objectContaining({ field: 'p' }));
    expect(() => checkPrice('p', '-1')).toThrow(expect.objectContaining({ field: 'p' }));
    expect(() => checkPrice('p', 0.25)).toThrow(expect.objectContaining({ field: 'p' }));
    expect(() => checkPrice('p', '1e3')).toThrow(expect.objectContaining({ field: 'p' }));
  });
  const base = { validFrom: '2024-01-01', basePriceMonthNet: '10', workingPriceKwhNet: '0.2521' };
  it('names the offending field', () => {
    expect(() => checkVersion('standard', { ...base, validFrom: '2024-02-30' })).toThrow(expect.objectContaining({ field: 'validFrom' }));
    expect(() => checkVersion('standard', { ...base, basePriceMonthNet: '9.12345' })).toThrow(
      expect.objectContaining({ field: 'basePriceMonthNet' }),
    );
    expect(() => checkVersion('tiered', base)).toThrow(expect.objectContaining({ field: 'priceTiers' }));
    expect(() =>
      checkVersion('tiered', {
        ...base,
        priceTiers: [
          { upToKwh: 2000, workingPriceKwhNet: '0.30' },
          { upToKwh: 1000, workingPriceKwhNet: '0.25' },
        ],
      }),
    ).toThrow(expect.objectContaining({ field: 'priceTiers[1].upToKwh' }));
    expect(() => checkVersion('package', base)).toThrow(expect.objectContaining({ field: 'package' }));
    expect(() => checkVersion('modular', base)).toThrow(expect.objectContaining({ field: 'modules' }));
  });
});
