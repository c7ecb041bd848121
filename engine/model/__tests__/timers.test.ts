import { isIsoDuration, isZonedDateTime, staticTimerProblem } from '../timers';

describe('static timer values', () => {
  it.each(['PT15M', 'P2D', 'P1Y2M3W4DT5H6M7.5S', 'p1d', 'PT0.5S', '-PT1H'])('accepts the duration %s', (value) => {
    expect(isIsoDuration(value)).toBe(true);
  });

  it.each(['P', 'PT', '15M', 'P1H', 'PT1D', 'P1DT', '5 minutes', ''])('rejects the duration %s', (value) => {
    expect(isIsoDuration(value)).toBe(false);
  });

  it.each(['2025-01-31T08:00:00Z', '2025-01-31T08:00+01:00', '2025-01-31T08:00:00.123+01:00[Europe/Berlin]'])(
    'accepts the date-time %s',
    (value) => expect(isZonedDateTime(value)).toBe(true),
  );

  it.each(['2025-01-31T08:00:00', '2025-01-31', '2025-13-45T08:00:00Z', 'tomorrow'])('rejects the date-time %s', (value) => {
    expect(isZonedDateTime(value)).toBe(false);
  });

  it.each(['R5/PT10M', 'R/P1D', 'R3/2025-01-01T00:00:00Z/PT1H', '0 0 9-17 * * MON-FRI', '0 */15 * * * ?', '@daily'])(
    'accepts the cycle %s',
    (value) => expect(staticTimerProblem('cycle', value)).toBeUndefined(),
  );

  it.each(['R5', 'R5/10 minutes', '0 9 * * *', 'every day'])('rejects the cycle %s', (value) => {
    expect(staticTimerProblem('cycle', value)).toMatch(/^Invalid timer cycle expression/);
  });

  it('explains the expected format', () => {
    expect(staticTimerProblem('duration', '10m')).toBe("Invalid timer duration expression ('10m' is not an ISO 8601 duration, e.g. PT15M)");
    expect(staticTimerProblem('date', 'PT1H')).toMatch(/^Invalid timer date expression \('PT1H' is not an ISO 8601 date-time/);
  });
});
