import { claimState, decide, ineligibility, type ClaimFacts, type NoticeFact, type ReportingRules } from './eligibility';
import { reportPeriod } from './period';
import { BureauReportingError } from './errors';
import { testDebtor } from './test-fixtures';

const rules: ReportingRules = { minNotices: 2, waitDays: 28 };

const notice = (level: number, sentOn: string, bureauWarning = level === 1): NoticeFact => ({ level, sentOn, bureauWarning });

/** A claim with a reminder (not counted), notice 1 on 1 Oct (with the warning), notice 2 on 15 Oct. */
function claim(patch: Partial<ClaimFacts> = {}): ClaimFacts {
  return {
    caseId: 'c1',
    caseNumber: 'M-1',
    contractAccountId: 'a1',
    accountNumber: '8000001',
    caseStatus: 'open',
    closeReason: null,
    openedOn: '2026-09-20',
    notices: [notice(0, '2026-09-20'), notice(1, '2026-10-01'), notice(2, '2026-10-15')],
    openDueCents: 12_345,
    openAllCents: 12_345,
    writtenOffCents: 0,
    oldestDueDate: '2026-09-01',
    titledOn: null,
    blocks: [],
    debtor: testDebtor,
    ...patch,
  };
}

describe('first report: the rules of §31 (2) no. 4 BDSG on exact days', () => {
  it('four weeks after the first written notice: sent_on + 28 ≤ report date (1 Oct → 29 Oct)', () => {
    expect(ineligibility(claim(), '2026-10-28', rules)).toEqual(['first_notice_too_recent']);
    expect(ineligibility(claim(), '2026-10-29', rules)).toEqual([]);
  });

  it('the friendly reminder is no written notice: it neither counts nor starts the four weeks', () => {
    const early = claim({ notices: [notice(0, '2026-08-01', true), notice(1, '2026-10-01'), notice(2, '2026-10-15')] });
    expect(ineligibility(early, '2026-10-28', rules)).toEqual(['first_notice_too_recent']);
    const oneWritten = claim({ notices: [notice(0, '2026-09-01', true), notice(1, '2026-09-02')] });
    expect(ineligibility(oneWritten, '2026-12-31', rules)).toEqual(['too_few_notices']);
  });

  it('a second notice dated the report day counts; dated the day after, it does not yet', () => {
    const second = (sentOn: string) => claim({ notices: [notice(1, '2026-10-01'), notice(2, sentOn)] });
    expect(ineligibility(second('2026-10-31'), '2026-10-31', rules)).toEqual([]);
    expect(ineligibility(second('2026-11-01'), '2026-10-31', rules)).toEqual(['too_few_notices']);
  });

  it('never without the warning in the first written notice, even if a later one warned', () => {
    const unwarned = claim({ notices: [notice(1, '2026-10-01', false), notice(2, '2026-10-15', true)] });
    expect(ineligibility(unwarned, '2026-12-31', rules)).toEqual(['not_warned']);
    expect(decide(unwarned, undefined, '2027-06-30', rules)).toBeUndefined();
  });

  it('never while disputed: a block resolved the day before or on the report day no longer counts, the day after it does', () => {
    const resolved = (on: string | null) => claim({ blocks: [{ lineId: null, resolvedOn: on }] });
    expect(ineligibility(resolved('2026-10-30'), '2026-10-31', rules)).toEqual([]);
    expect(ineligibility(resolved('2026-10-31'), '2026-10-31', rules)).toEqual([]);
    expect(ineligibility(resolved('2026-11-01'), '2026-10-31', rules)).toEqual(['disputed']);
    expect(ineligibility(resolved(null), '2026-10-31', rules)).toEqual(['disputed']);
    // An item block (line) weighs the same: the claim as a whole is disputed.
    expect(decide(claim({ blocks: [{ lineId: 'l1', resolvedOn: null }] }), undefined, '2027-12-31', rules)).toBeUndefined();
  });

  it('an enforceable title replaces the notice rules from its day on (§31 (2) no. 1 BDSG), yet never while disputed', () => {
    const titled = (on: string) => claim({ notices: [], titledOn: on });
    expect(ineligibility(titled('2026-10-31'), '2026-10-31', rules)).toEqual([]);
    expect(ineligibility(titled('2026-11-01'), '2026-10-31', rules)).toEqual(['too_few_notices', 'first_notice_too_recent', 'not_warned']);
    expect(ineligibility(claim({ titledOn: '2026-10-01', blocks: [{ lineId: null, resolvedOn: null }] }), '2026-10-31', rules)).toEqual([
      'disputed',
    ]);
  });

  it('nothing open, nothing to report', () => {
    expect(ineligibility(claim({ openDueCents: 0, openAllCents: 0 }), '2026-10-31', rules)).toEqual(['nothing_open']);
  });

  it('takes its thresholds from the rules (configuration)', () => {
    expect(ineligibility(claim(), '2026-10-25', { minNotices: 2, waitDays: 24 })).toEqual([]);
    expect(ineligibility(claim(), '2026-10-31', { minNotices: 3, waitDays: 28 })).toEqual(['too_few_notices']);
  });
});

describe('updates of a reported claim', () => {
  const rd = '2026-11-30';
  const reported = claimState(claim(), '2026-10-31');

  it('reports the open amount and the level as of the report date', () => {
    expect(reported).toEqual({ status: 'open', openCents: 12_345, writtenOffCents: 0, dunningLevel: 2 });
    expect(decide(claim(), undefined, '2026-10-31', rules)).toEqual({ recordType: 'new', state: reported });
  });

  it('nothing when unchanged', () => {
    expect(decide(claim(), reported, rd, rules)).toBeUndefined();
  });

  it('paid: settled, once', () => {
    const paid = claim({ openDueCents: 0, openAllCents: 0 });
    const d = decide(paid, reported, rd, rules);
    expect(d).toEqual({ recordType: 'update', state: { status: 'settled', openCents: 0, writtenOffCents: 0, dunningLevel: 2 } });
    expect(decide(paid, d!.state, '2026-12-31', rules)).toBeUndefined();
    // The case closed as paid later: the same state, nothing new.
    expect(decide(claim({ caseStatus: 'closed', closeReason: 'paid', openDueCents: 0 }), d!.state, '2026-12-31', rules)).toBeUndefined();
  });

  it('reduced, raised (fee, next level) and written off each give an update', () => {
    expect(decide(claim({ openDueCents: 5_000 }), reported, rd, rules)?.state).toMatchObject({ status: 'open', openCents: 5_000 });
    expect(decide(claim({ openDueCents: 12_495 }), reported, rd, rules)?.state).toMatchObject({ status: 'open', openCents: 12_495 });
    const third = claim({ notices: [...claim().notices, notice(3, '2026-11-10')] });
    expect(decide(third, reported, rd, rules)?.state).toMatchObject({ status: 'open', dunningLevel: 3 });
    const writtenOff = claim({ openDueCents: 0, openAllCents: 0, writtenOffCents: 12_345, caseStatus: 'collection' });
    expect(decide(writtenOff, reported, rd, rules)).toEqual({
      recordType: 'update',
      state: { status: 'written_off', openCents: 0, writtenOffCents: 12_345, dunningLevel: 2 },
    });
  });

  it('an agreement keeps the claim open at its whole amount; a later dispute is reported as such', () => {
    expect(claimState(claim({ caseStatus: 'agreement', openDueCents: 0, openAllCents: 12_000 }), rd)).toMatchObject({
      status: 'open',
      openCents: 12_000,
    });
    expect(decide(claim({ blocks: [{ lineId: null, resolvedOn: null }] }), reported, rd, rules)?.state.status).toBe('disputed');
  });
});

describe('reporting period', () => {
  it('defaults to the month before today, cut off at its last day', () => {
    expect(reportPeriod(undefined, '2026-12-01')).toEqual({ period: '2026-11', reportDate: '2026-11-30' });
    expect(reportPeriod('', '2027-01-01')).toEqual({ period: '2026-12', reportDate: '2026-12-31' });
    expect(reportPeriod('2026-02', '2026-12-01')).toEqual({ period: '2026-02', reportDate: '2026-02-28' });
  });

  it('the running month is cut off today; a future or malformed period is refused', () => {
    expect(reportPeriod('2026-11', '2026-11-17')).toEqual({ period: '2026-11', reportDate: '2026-11-17' });
    expect(() => reportPeriod('2026-12', '2026-11-17')).toThrow(BureauReportingError);
    expect(() => reportPeriod('2026-13', '2026-11-17')).toThrow(/YYYY-MM/);
  });
});
