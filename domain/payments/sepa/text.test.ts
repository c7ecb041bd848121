import { invalidSepaChars, isSepaText, isValidCreditorId, mod97, toSepaText } from './text';

describe('toSepaText', () => {
  test.each([
    ['Jürgen Weiß', 'Juergen Weiss'],
    ['ÄÖÜ äöü ß ẞ', 'AeOeUe aeoeue ss SS'],
    ['Café Crème, Señor', 'Cafe Creme, Senor'],
    ['Müller & Söhne', 'Mueller + Soehne'],
    ['„Zitat“ – ‚x‘', "'Zitat' - 'x'"],
    ['  Zeile 1\n\tZeile 2  ', 'Zeile 1 Zeile 2'],
    ['Øster Ærø Łódź', 'Oster AEro Lodz'],
    ['Rechnung_123; Danke!', 'Rechnung-123, Danke.'],
  ])('%j → %j', (input, expected) => {
    expect(toSepaText(input)).toBe(expected);
    expect(isSepaText(toSepaText(input))).toBe(true);
  });

  test('leaves what cannot be converted for the check to reject', () => {
    const t = toSepaText('50 € @ Ωmega 株式会社');
    expect(isSepaText(t)).toBe(false);
    expect(invalidSepaChars(t)).toEqual(['€', '@', 'Ω', '株', '式', '会', '社']);
  });
});

describe('creditor identifier', () => {
  test('German format and ISO 7064 check digits', () => {
    expect(isValidCreditorId('DE98ZZZ09999999999')).toBe(true);
    // The business code (ZZZ) is not part of the check.
    expect(isValidCreditorId('DE98ABC09999999999')).toBe(true);
    expect(isValidCreditorId('DE97ZZZ09999999999')).toBe(false);
    expect(isValidCreditorId('DE98ZZZ0999999999')).toBe(false);
    expect(isValidCreditorId('DE98ZZZ0999999999X')).toBe(false);
    expect(isValidCreditorId('de98zzz09999999999')).toBe(false);
  });

  test('other SEPA countries', () => {
    // Check digits computed from the rule, not taken from a bank: NL, national id 123456780000.
    const check = 98 - mod97('123456780000NL00');
    expect(isValidCreditorId(`NL${String(check).padStart(2, '0')}ZZZ123456780000`)).toBe(true);
  });
});
