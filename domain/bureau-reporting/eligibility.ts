/**
 * When a claim may be reported to a credit bureau, and what its reported state is. Pure: the
 * facts come from ./claims.ts, the rules from the settings.
 *
 * §31 (2) no. 4 BDSG and the Creditreform terms allow a report of an undisputed claim only when:
 * - at least `minNotices` written dunning notices were sent (level ≥ 1; the friendly reminder,
 *   level 0, is no dunning notice) on or before the report date;
 * - the first of them is at least `waitDays` old: first notice's sent_on + waitDays ≤ report date
 *   (28 days: sent on 1 Oct → reportable from 29 Oct);
 * - that first notice told the customer that a report may follow (bureau_warning);
 * - the claim is not disputed: no dunning block on the account or on an open item of it that is
 *   unresolved, or was resolved only after the report date (a block resolved on the report day
 *   no longer counts).
 * Another ground (§31 (2) no. 1 BDSG): an enforceable title (enforcement order, judgment,
 * settlement) dated on or before the report date replaces the notice rules; undisputed still.
 * Once a claim was reported, every change of its state (paid, reduced, raised, next level, written
 * off, disputed) is sent as an update, once.
 */
import { addDays, type IsoDate } from '../shared/dates';

export interface ReportingRules {
  /** Written dunning notices (level ≥ 1) needed: 2. */
  minNotices: number;
  /** Days the first written notice must be old: 28 (four weeks). */
  waitDays: number;
}

export interface NoticeFact {
  level: number;
  sentOn: IsoDate;
  bureauWarning: boolean;
}

export interface BlockFact {
  /** null: the whole account. */
  lineId: string | null;
  /** The German day the block was resolved; null while it stands. */
  resolvedOn: IsoDate | null;
}

export type ClaimStatus = 'open' | 'settled' | 'written_off' | 'disputed';

export interface Debtor {
  firstName: string;
  lastName: string;
  birthDate: IsoDate;
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
  country: string;
}

/** One dunning case (the claim) as of the report date. */
export interface ClaimFacts {
  caseId: string;
  caseNumber: string;
  contractAccountId: string;
  accountNumber: string;
  /** open | paused | agreement | collection | closed */
  caseStatus: string;
  closeReason: string | null;
  openedOn: IsoDate;
  notices: NoticeFact[];
  /** Open debit items due on or before the report date. */
  openDueCents: number;
  /** All open debit items (an agreement's rates fall due later, yet the claim stays open). */
  openAllCents: number;
  /** Written off since the case opened (write-offs net of their reversals). */
  writtenOffCents: number;
  oldestDueDate: IsoDate | null;
  /** The day the claim got an enforceable title in collection (null: none). */
  titledOn: IsoDate | null;
  /** Blocks on the account or on its open items. */
  blocks: BlockFact[];
  debtor: Debtor;
}

/** What a record tells the bureau; an update is sent when it differs from the last accepted one. */
export interface ClaimState {
  status: ClaimStatus;
  openCents: number;
  writtenOffCents: number;
  dunningLevel: number;
}

export type Ineligibility = 'too_few_notices' | 'first_notice_too_recent' | 'not_warned' | 'disputed' | 'nothing_open';

/** Written notices (level ≥ 1) sent on or before the report date, oldest first. */
export function writtenNotices(notices: NoticeFact[], reportDate: IsoDate): NoticeFact[] {
  return notices
    .filter((n) => n.level >= 1 && n.sentOn <= reportDate)
    .sort((a, b) => (a.sentOn === b.sentOn ? a.level - b.level : a.sentOn < b.sentOn ? -1 : 1));
}

/** Disputed on the report date: a block unresolved, or resolved only after that day. */
export function isDisputed(blocks: BlockFact[], reportDate: IsoDate): boolean {
  return blocks.some((b) => b.resolvedOn === null || b.resolvedOn > reportDate);
}

/** Why the claim may not be reported for the first time (empty: it may). */
export function ineligibility(facts: ClaimFacts, reportDate: IsoDate, rules: ReportingRules): Ineligibility[] {
  const reasons: Ineligibility[] = [];
  if (!(facts.titledOn !== null && facts.titledOn <= reportDate)) {
    const written = writtenNotices(facts.notices, reportDate);
    if (written.length < rules.minNotices) reasons.push('too_few_notices');
    const first = written[0];
    if (!first || addDays(first.sentOn, rules.waitDays) > reportDate) reasons.push('first_notice_too_recent');
    if (!first?.bureauWarning) reasons.push('not_warned');
  }
  if (isDisputed(facts.blocks, reportDate)) reasons.push('disputed');
  const state = claimState(facts, reportDate);
  if (state.openCents <= 0 || state.status === 'settled' || state.status === 'written_off') reasons.push('nothing_open');
  return reasons;
}

/** The claim's state on the report date. */
export function claimState(facts: ClaimFacts, reportDate: IsoDate): ClaimState {
  const dunningLevel = Math.max(0, ...writtenNotices(facts.notices, reportDate).map((n) => n.level));
  const writtenOffCents = facts.writtenOffCents;
  // A closed case is over (paid, agreement kept, written off); insolvency leaves the claim open.
  if (facts.caseStatus === 'closed' && facts.closeReason !== 'insolvency')
    return { status: writtenOffCents > 0 ? 'written_off' : 'settled', openCents: 0, writtenOffCents, dunningLevel };
  const openCents = facts.caseStatus === 'agreement' ? facts.openAllCents : facts.openDueCents;
  if (isDisputed(facts.blocks, reportDate)) return { status: 'disputed', openCents, writtenOffCents, dunningLevel };
  if (openCents > 0) return { status: 'open', openCents, writtenOffCents, dunningLevel };
  return { status: writtenOffCents > 0 ? 'written_off' : 'settled', openCents: 0, writtenOffCents, dunningLevel };
}

export function sameState(a: ClaimState, b: ClaimState): boolean {
  return (
    a.status === b.status && a.openCents === b.openCents && a.writtenOffCents === b.writtenOffCents && a.dunningLevel === b.dunningLevel
  );
}

export interface ReportDecision {
  recordType: 'new' | 'update';
  state: ClaimState;
}

/**
 * What to send for a claim: a first report when it is eligible, an update when a reported claim
 * changed since the last accepted record, else nothing. `last` is the last accepted state at this
 * bureau (undefined: never reported).
 */
export function decide(
  facts: ClaimFacts,
  last: ClaimState | undefined,
  reportDate: IsoDate,
  rules: ReportingRules,
): ReportDecision | undefined {
  const state = claimState(facts, reportDate);
  if (!last) return ineligibility(facts, reportDate, rules).length === 0 ? { recordType: 'new', state } : undefined;
  return sameState(state, last) ? undefined : { recordType: 'update', state };
}
