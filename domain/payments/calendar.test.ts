import {
  addGermanWorkingDays,
  CalendarError,
  easterSunday,
  isGermanWorkingDay,
  isTarget2BusinessDay,
  nextTarget2BusinessDay,
  target2Holidays,
} from './calendar';

describe('TARGET2 calendar', () => {
  test('Easter Sunday', () => {
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2038)).toBe('2038-04-25');
  });

  test('closing days of 2026', () => {
    expect([...target2Holidays(2026)].sort()).toEqual(['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-01', '2026-12-25', '2026-12-26']);
  });

  test.each([
    ['2026-04-03', false], // Good Friday
    ['2026-04-06', false], // Easter Monday
    ['2026-12-25', false],
    ['2026-12-26', false],
    ['2026-01-01', false],
    ['2026-05-01', false],
    ['2026-03-07', false], // Saturday
    ['2026-03-08', false], // Sunday
    ['2026-04-02', true],
    ['2025-10-03', true], // German Unity Day: a German holiday, but TARGET2 is open
    ['2026-12-24', true],
    ['2026-12-31', true],
  ])('%s business day: %s', (iso, expected) => {
    expect(isTarget2BusinessDay(iso)).toBe(expected);
  });

  test('next business day', () => {
    expect(nextTarget2BusinessDay('2026-12-24', 1)).toBe('2026-12-28');
    expect(nextTarget2BusinessDay('2026-12-24')).toBe('2026-12-24');
    expect(nextTarget2BusinessDay('2026-12-25')).toBe('2026-12-28');
    expect(nextTarget2BusinessDay('2026-04-02', 1)).toBe('2026-04-07');
    expect(nextTarget2BusinessDay('2026-12-31', 1)).toBe('2027-01-04');
    expect(nextTarget2BusinessDay('2026-03-06', 2)).toBe('2026-03-10');
  });

  test('rejects bad input', () => {
    expect(() => isTarget2BusinessDay('2026-02-30')).toThrow(CalendarError);
    expect(() => isTarget2BusinessDay('26-1-1')).toThrow(CalendarError);
    expect(() => nextTarget2BusinessDay('2026-01-02', -1)).toThrow(CalendarError);
  });
});

describe('German working days', () => {
  test('state holidays', () => {
    expect(isGermanWorkingDay('2026-01-06', 'BW')).toBe(false); // Epiphany in BW
    expect(isGermanWorkingDay('2026-01-06', 'NW')).toBe(true);
    expect(isGermanWorkingDay('2025-10-03', 'BW')).toBe(false);
    expect(isGermanWorkingDay('2026-06-04', 'BW')).toBe(false); // Corpus Christi
    expect(isGermanWorkingDay('2026-06-04', 'HH')).toBe(true);
  });

  test('adding working days', () => {
    // Thu 2026-12-24 + 1: Christmas, Boxing Day (Sat), Sunday -> Monday
    expect(addGermanWorkingDays('2026-12-24', 1)).toBe('2026-12-28');
    // Fri 2026-01-02 + 2: Mon 5th, Tue 6th is Epiphany in BW -> Wed 7th
    expect(addGermanWorkingDays('2026-01-02', 2, 'BW')).toBe('2026-01-07');
    expect(addGermanWorkingDays('2026-01-02', 2, 'BE')).toBe('2026-01-06');
    // 8 working days ahead (e.g. a supply-interruption notice) over Easter 2026
    expect(addGermanWorkingDays('2026-03-30', 8)).toBe('2026-04-13');
    expect(addGermanWorkingDays('2026-04-07', -1)).toBe('2026-04-02');
    expect(addGermanWorkingDays('2026-04-04', 0)).toBe('2026-04-04');
  });

  test('does not depend on the host time zone', () => {
    // Run with TZ=Pacific/Kiritimati (UTC+14) too: feiertagejs's own dateString is a day off there.
    expect(isGermanWorkingDay('2026-04-03')).toBe(false);
    expect(isGermanWorkingDay('2026-04-04')).toBe(false); // Saturday anyway
    expect(isGermanWorkingDay('2026-04-02')).toBe(true);
  });
});
