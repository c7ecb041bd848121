import { EvaluationError } from '../../errors';
import { checkTimer, evaluateFeel, evaluateFeelRaw, nextCycleDueDate, resolveTimer, resolveTimerExpression, setFeelTimeZone } from '..';

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number): string => new Date(ms).toISOString();
const NOW = at('2026-01-31T10:00:00Z');

beforeEach(() => setFeelTimeZone('UTC'));

describe('timeDate', () => {
  it.each([
    ['2026-02-01T00:00:00Z', '2026-02-01T00:00:00.000Z'],
    ['2026-02-01T00:00:00+01:00', '2026-01-31T23:00:00.000Z'],
    ['2026-02-01T00:00+01:00', '2026-01-31T23:00:00.000Z'],
    ['2026-07-01T12:00:00[Europe/Berlin]', '2026-07-01T10:00:00.000Z'],
    ['2026-07-01T12:00:00+02:00[Europe/Berlin]', '2026-07-01T10:00:00.000Z'],
    ['2026-02-01T00:00:00.250Z', '2026-02-01T00:00:00.250Z'],
  ])('%s', (text, expected) => {
    expect(resolveTimer('date', text, NOW)).toEqual({ dueDate: at(expected), repetitions: 1 });
  });

  it('keeps a date in the past (the engine fires it at once)', () => {
    expect(resolveTimer('date', '2020-01-01T00:00:00Z', NOW).dueDate).toBe(at('2020-01-01T00:00:00Z'));
  });

  it('takes FEEL date-times, local ones in the FEEL time zone', () => {
    setFeelTimeZone('Europe/Berlin');
    const zoned = evaluateFeelRaw('date and time("2026-02-01T00:00:00Z")', {}).value;
    expect(resolveTimer('date', zoned, NOW).dueDate).toBe(at('2026-02-01T00:00:00Z'));
    const local = evaluateFeelRaw('date and time("2026-02-01T00:00:00")', {}).value;
    expect(resolveTimer('date', local, NOW).dueDate).toBe(at('2026-01-31T23:00:00Z'));
    expect(resolveTimer('date', evaluateFeel('now() + duration("PT1H")', {}), NOW).repetitions).toBe(1);
  });

  it.each(['2026-02-01', '2026-02-01T00:00:00', 'tomorrow', '2026-13-01T00:00:00Z', ''])('rejects %j', (text) => {
    expect(() => resolveTimer('date', text, NOW)).toThrow(EvaluationError);
    expect(() => resolveTimer('date', text, NOW)).toThrow(/Invalid date-time format/);
  });
});

describe('timeDuration', () => {
  it.each([
    ['PT30S', '2026-01-31T10:00:30.000Z'],
    ['PT0.5S', '2026-01-31T10:00:00.500Z'],
    ['PT1H30M', '2026-01-31T11:30:00.000Z'],
    ['P1D', '2026-02-01T10:00:00.000Z'],
    ['P7D', '2026-02-07T10:00:00.000Z'],
    ['P1W', '2026-02-07T10:00:00.000Z'],
    ['P1DT12H', '2026-02-01T22:00:00.000Z'],
    ['P1M', '2026-02-28T10:00:00.000Z'],
    ['P1Y2M', '2027-03-31T10:00:00.000Z'],
    ['p14d', '2026-02-14T10:00:00.000Z'],
    ['-PT1H', '2026-01-31T09:00:00.000Z'],
  ])('%s', (text, expected) => {
    expect(resolveTimer('duration', text, NOW)).toEqual({ dueDate: at(expected), repetitions: 1 });
  });

  it('adds months calendar-correctly, clamping to the month end', () => {
    expect(iso(resolveTimer('duration', 'P1M', at('2024-01-31T08:00:00Z')).dueDate)).toBe('2024-02-29T08:00:00.000Z');
    expect(iso(resolveTimer('duration', 'P1Y', at('2024-02-29T08:00:00Z')).dueDate)).toBe('2025-02-28T08:00:00.000Z');
    expect(iso(resolveTimer('duration', 'P13M', at('2024-01-31T08:00:00Z')).dueDate)).toBe('2025-02-28T08:00:00.000Z');
  });

  it('keeps the wall-clock time for days across a DST change, but not for hours', () => {
    setFeelTimeZone('Europe/Berlin');
    const saturdayNoon = at('2026-03-28T11:00:00Z'); // 12:00 CET, DST starts the next night
    expect(iso(resolveTimer('duration', 'P1D', saturdayNoon).dueDate)).toBe('2026-03-29T10:00:00.000Z');
    expect(iso(resolveTimer('duration', 'PT24H', saturdayNoon).dueDate)).toBe('2026-03-29T11:00:00.000Z');
  });

  it('takes FEEL durations, raw or as the ISO text evaluateFeel returns', () => {
    expect(resolveTimer('duration', evaluateFeelRaw('duration("P1M")', {}).value, NOW).dueDate).toBe(at('2026-02-28T10:00:00Z'));
    expect(resolveTimer('duration', evaluateFeel('duration("PT36H")', {}), NOW).dueDate).toBe(at('2026-02-01T22:00:00Z'));
  });

  it('accepts an interval with a start date', () => {
    expect(resolveTimer('duration', '2026-03-01T00:00:00Z/PT1H', NOW).dueDate).toBe(at('2026-03-01T00:00:00Z'));
    expect(resolveTimer('duration', '2020-03-01T00:00:00Z/PT1H', NOW).dueDate).toBe(NOW);
  });

  it.each(['1 day', 'P', 'PT', 'P1H', 'PT1D', '30'])('rejects %j', (text) => {
    expect(() => resolveTimer('duration', text, NOW)).toThrow(/Invalid duration format/);
  });
});

describe('timeCycle', () => {
  it('resolves repeating intervals', () => {
    expect(resolveTimer('cycle', 'R5/PT10S', NOW)).toEqual({ dueDate: NOW + 10_000, repetitions: 5, cycle: 'R5/PT10S' });
    expect(resolveTimer('cycle', 'R/PT1H', NOW)).toEqual({ dueDate: NOW + 3_600_000, repetitions: -1, cycle: 'R/PT1H' });
    expect(resolveTimer('cycle', 'R3/2026-03-01T00:00:00Z/P1D', NOW)).toEqual({
      dueDate: at('2026-03-01T00:00:00Z'),
      repetitions: 3,
      cycle: 'R3/2026-03-01T00:00:00Z/P1D',
    });
    expect(resolveTimer('cycle', 'R3/2020-03-01T00:00:00Z/P1D', NOW).dueDate).toBe(NOW);
  });

  it('schedules the next repetition one interval after the last due date', () => {
    expect(nextCycleDueDate('R5/PT10S', NOW + 10_000)).toBe(NOW + 20_000);
    expect(iso(nextCycleDueDate('R/P1M', at('2026-01-31T00:00:00Z')))).toBe('2026-02-28T00:00:00.000Z');
    expect(iso(nextCycleDueDate('R/P1M', at('2026-02-28T00:00:00Z')))).toBe('2026-03-28T00:00:00.000Z');
    expect(iso(nextCycleDueDate('R3/2026-03-01T00:00:00Z/P1D', at('2026-03-01T00:00:00Z')))).toBe('2026-03-02T00:00:00.000Z');
  });

  it('re-anchors on now when firings were missed', () => {
    expect(nextCycleDueDate('R/PT1H', NOW, NOW + 5 * 3_600_000 + 1)).toBe(NOW + 6 * 3_600_000 + 1);
  });

  it('repeats in the start date zone', () => {
    const start = '2026-03-27T12:00:00+01:00[Europe/Berlin]';
    const first = resolveTimer('cycle', `R/${start}/P1D`, at('2026-03-01T00:00:00Z')).dueDate;
    expect(iso(first)).toBe('2026-03-27T11:00:00.000Z');
    const second = nextCycleDueDate(`R/${start}/P1D`, first);
    expect(iso(nextCycleDueDate(`R/${start}/P1D`, second))).toBe('2026-03-29T10:00:00.000Z');
  });

  it('resolves Spring cron expressions with seconds', () => {
    expect(resolveTimer('cycle', '0 0 9 * * MON-FRI', NOW)).toEqual({
      dueDate: at('2026-02-02T09:00:00Z'),
      repetitions: -1,
      cycle: '0 0 9 * * MON-FRI',
    });
    expect(resolveTimer('cycle', '0 */15 * * * *', NOW).dueDate).toBe(at('2026-01-31T10:15:00Z'));
    expect(resolveTimer('cycle', '30 0 0 1 * ?', NOW).dueDate).toBe(at('2026-02-01T00:00:30Z'));
    expect(resolveTimer('cycle', '0 0 0 L * *', NOW).dueDate).toBe(at('2026-02-28T00:00:00Z'));
    expect(resolveTimer('cycle', '@daily', NOW).dueDate).toBe(at('2026-02-01T00:00:00Z'));
    expect(nextCycleDueDate('0 0 9 * * MON-FRI', at('2026-02-02T09:00:00Z'))).toBe(at('2026-02-03T09:00:00Z'));
  });

  it('requires both day fields to match, as Spring does', () => {
    expect(iso(resolveTimer('cycle', '0 0 0 13 * FRI', NOW).dueDate)).toBe('2026-02-13T00:00:00.000Z');
    expect(iso(resolveTimer('cycle', '0 0 0 13 * MON', NOW).dueDate)).toBe('2026-04-13T00:00:00.000Z');
  });

  it('evaluates cron in the FEEL time zone', () => {
    setFeelTimeZone('Europe/Berlin');
    expect(iso(resolveTimer('cycle', '0 0 9 * * *', NOW).dueDate)).toBe('2026-02-01T08:00:00.000Z');
  });

  it.each([
    ['R5', /no interval given/],
    ['Rx/PT1S', /repetitions count 'x'/],
    ['R/1 hour', /not an ISO 8601 duration/],
    ['0 0 9 * *', /expected 6 fields/],
    ['0 0 99 * * *', /Invalid timer cycle/],
    ['every day', /Invalid timer cycle/],
  ])('rejects %j', (text, message) => {
    expect(() => resolveTimer('cycle', text, NOW)).toThrow(message);
  });
});

describe('checkTimer', () => {
  it('validates static definitions for deployment', () => {
    expect(checkTimer('duration', 'PT5M')).toBeUndefined();
    expect(checkTimer('cycle', 'R3/PT1H')).toBeUndefined();
    expect(checkTimer('date', '2026-01-01T00:00:00Z')).toBeUndefined();
    expect(checkTimer('duration', '5 minutes')).toMatch(/Invalid duration format '5 minutes'/);
    expect(checkTimer('cycle', '* * *')).toMatch(/Invalid timer cycle/);
  });
});

describe('resolveTimerExpression', () => {
  it('evaluates FEEL definitions', () => {
    const vars = { reminderDays: 3, start: '2026-02-01T08:00:00+01:00' };
    expect(
      resolveTimerExpression(
        'duration',
        { raw: '=duration("P" + string(reminderDays) + "D")', feel: 'duration("P" + string(reminderDays) + "D")' },
        vars,
        NOW,
      ).dueDate,
    ).toBe(at('2026-02-03T10:00:00Z'));
    expect(resolveTimerExpression('date', { raw: '=start', feel: 'start' }, vars, NOW).dueDate).toBe(at('2026-02-01T07:00:00Z'));
    expect(resolveTimerExpression('cycle', { raw: '=cycle(duration("PT1H"))', feel: 'cycle(duration("PT1H"))' }, vars, NOW)).toEqual({
      dueDate: NOW + 3_600_000,
      repetitions: -1,
      cycle: 'R/PT1H',
    });
    expect(resolveTimerExpression('duration', { raw: 'PT1M', feel: null }, vars, NOW).dueDate).toBe(NOW + 60_000);
  });

  it('reports results of the wrong type like Zeebe', () => {
    expect(() => resolveTimerExpression('duration', { raw: '=missing', feel: 'missing' }, {}, NOW)).toThrow(
      "Expected result of the expression 'missing' to be one of '[DURATION, PERIOD, STRING]', but was 'NULL'. " +
        "The evaluation reported the following warnings:\n[NO_VARIABLE_FOUND] No variable found with name 'missing'",
    );
    expect(() => resolveTimerExpression('date', { raw: '="soon"', feel: '"soon"' }, {}, NOW)).toThrow(/Invalid date-time format 'soon'/);
  });
});
