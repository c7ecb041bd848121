import { CreditorReferenceError, formatRf, isValidRf, rfReference } from './creditor-reference';

describe('ISO 11649 RF reference', () => {
  test('known example', () => {
    expect(isValidRf('RF18539007547034')).toBe(true);
    expect(isValidRf('RF18 5390 0754 7034')).toBe(true);
    expect(rfReference('539007547034')).toBe('RF18539007547034');
    expect(formatRf('RF18539007547034')).toBe('RF18 5390 0754 7034');
  });

  test('wrong check digits or format', () => {
    expect(isValidRf('RF19539007547034')).toBe(false);
    expect(isValidRf('RF18539007547035')).toBe(false);
    expect(isValidRf('RF18')).toBe(false);
    expect(isValidRf('XX18539007547034')).toBe(false);
    expect(isValidRf(`RF00${'1'.repeat(22)}`)).toBe(false);
  });

  test('round trip, letters, leading-zero check digits', () => {
    for (const base of ['1', 'A', 'INV2026000123', 'abc 123', 'Z'.repeat(21), '000000000000000000000']) {
      const ref = rfReference(base);
      expect(ref).toMatch(/^RF\d{2}[A-Z0-9]+$/);
      expect(isValidRf(ref)).toBe(true);
    }
    expect(rfReference('7')).toBe('RF097'); // check digits below 10 keep their leading zero
  });

  test('rejects a bad base', () => {
    expect(() => rfReference('')).toThrow(CreditorReferenceError);
    expect(() => rfReference('a-b')).toThrow(CreditorReferenceError);
    expect(() => rfReference('1'.repeat(22))).toThrow(CreditorReferenceError);
  });
});
