/**
 * The wire formats of a delivery of payment experiences, per bureau, and how their answers read:
 * - Creditreform Boniversum: XML `<PaymentExperienceDelivery>` with one `<Record>` per claim,
 *   answered by `<PaymentExperienceAcknowledgement>` with a `<RecordResult>` per claim;
 * - SCHUFA: JSON `{deliveryId, period, cutOffDate, records: [...]}`, answered by `{receiptId, records: [...]}`.
 * Amounts travel as decimal strings with a dot ("123.45"), made from cents with integer arithmetic.
 * The simulator (simulators/bureaus, README there) speaks both.
 */
import { formatAmount } from '../money';
import type { IsoDate } from '../shared/dates';
import type { ClaimFacts, ClaimState } from './eligibility';
import { writtenNotices } from './eligibility';

export const reportingBureaus = ['creditreform', 'schufa'] as const;
export type ReportingBureau = (typeof reportingBureaus)[number];

/** One claim as a bureau gets it. */
export interface ReportRecord {
  recordType: 'new' | 'update';
  /** Our claim reference: the dunning case number. */
  reference: string;
  accountNumber: string;
  debtor: ClaimFacts['debtor'];
  state: ClaimState;
  claimSince: IsoDate;
  oldestDueDate: IsoDate | null;
  firstNoticeOn: IsoDate | null;
  /** The day the debtor was told that a report may follow (the first written notice). */
  warnedOn: IsoDate | null;
  /** The day of the enforceable title, when the claim has one. */
  titledOn: IsoDate | null;
}

export interface Delivery {
  deliveryId: string;
  memberNumber: string;
  period: string;
  reportDate: IsoDate;
  records: ReportRecord[];
}

export function recordOf(facts: ClaimFacts, recordType: 'new' | 'update', state: ClaimState, reportDate: IsoDate): ReportRecord {
  const first = writtenNotices(facts.notices, reportDate)[0];
  return {
    recordType,
    reference: facts.caseNumber,
    accountNumber: facts.accountNumber,
    debtor: facts.debtor,
    state,
    claimSince: facts.openedOn,
    oldestDueDate: facts.oldestDueDate,
    firstNoticeOn: first?.sentOn ?? null,
    warnedOn: first?.bureauWarning ? first.sentOn : null,
    titledOn: facts.titledOn,
  };
}

const statusCode: Record<ClaimState['status'], string> = {
  open: 'OPEN',
  settled: 'SETTLED',
  written_off: 'WRITTEN_OFF',
  disputed: 'DISPUTED',
};

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function creditreformXml(d: Delivery): string {
  const e = (tag: string, value: string | number | null) => (value === null ? '' : `<${tag}>${escapeXml(String(value))}</${tag}>`);
  const records = d.records.map(
    (r) => `  <Record>
    ${e('RecordType', r.recordType.toUpperCase())}${e('ClaimReference', r.reference)}${e('CustomerNumber', r.accountNumber)}
    <Person>${e('FirstName', r.debtor.firstName)}${e('LastName', r.debtor.lastName)}${e('BirthDate', r.debtor.birthDate)}<Address>${e('Street', r.debtor.street)}${e('HouseNumber', r.debtor.houseNumber)}${e('ZipCode', r.debtor.postalCode)}${e('City', r.debtor.city)}${e('Country', r.debtor.country)}</Address></Person>
    ${e('ClaimStatus', statusCode[r.state.status])}<Currency>EUR</Currency>${e('OpenAmount', formatAmount(r.state.openCents))}${e('WrittenOffAmount', formatAmount(r.state.writtenOffCents))}
    ${e('DunningLevel', r.state.dunningLevel)}${e('ClaimDate', r.claimSince)}${e('DueDate', r.oldestDueDate)}${e('FirstReminderDate', r.firstNoticeOn)}${e('DebtorNotifiedDate', r.warnedOn)}${e('TitleDate', r.titledOn)}
  </Record>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<PaymentExperienceDelivery version="1.0">
  ${e('DeliveryId', d.deliveryId)}${e('MemberNumber', d.memberNumber)}${e('Period', d.period)}${e('CutOffDate', d.reportDate)}${e('RecordCount', d.records.length)}
${records.join('\n')}
</PaymentExperienceDelivery>
`;
}

function schufaJson(d: Delivery): string {
  return JSON.stringify({
    deliveryId: d.deliveryId,
    participantId: d.memberNumber,
    period: d.period,
    cutOffDate: d.reportDate,
    records: d.records.map((r) => ({
      type: r.recordType.toUpperCase(),
      reference: r.reference,
      customerNumber: r.accountNumber,
      consumer: {
        firstName: r.debtor.firstName,
        lastName: r.debtor.lastName,
        dateOfBirth: r.debtor.birthDate,
        currentAddress: {
          street: r.debtor.street,
          houseNumber: r.debtor.houseNumber,
          postalCode: r.debtor.postalCode,
          city: r.debtor.city,
          countryCode: r.debtor.country,
        },
      },
      status: statusCode[r.state.status],
      openAmount: { value: formatAmount(r.state.openCents), currency: 'EUR' },
      writtenOffAmount: { value: formatAmount(r.state.writtenOffCents), currency: 'EUR' },
      dunningLevel: r.state.dunningLevel,
      claimDate: r.claimSince,
      dueDate: r.oldestDueDate,
      firstReminderDate: r.firstNoticeOn,
      debtorNotifiedDate: r.warnedOn,
      titleDate: r.titledOn,
    })),
  });
}

export interface WireMessage {
  /** Path under the bureau's base URL. */
  path: string;
  contentType: string;
  body: string;
}

/** Where a delivery goes, under the bureau's base URL (CREDITREFORM_BASE_URL, SCHUFA_BASE_URL). */
export const deliveryPaths: Record<ReportingBureau, string> = {
  creditreform: '/boniversum/v1/payment-experiences',
  schufa: '/v1/payment-experiences',
};

export function deliveryMessage(bureau: ReportingBureau, d: Delivery): WireMessage {
  return bureau === 'creditreform'
    ? { path: deliveryPaths.creditreform, contentType: 'application/xml', body: creditreformXml(d) }
    : { path: deliveryPaths.schufa, contentType: 'application/json', body: schufaJson(d) };
}

export interface RecordResult {
  reference: string;
  accepted: boolean;
  error?: string;
}

/** A bureau's answer to a delivery it took (workers/bureau-reporting/answers.ts reads it). */
export interface DeliveryAnswer {
  receiptId: string | null;
  records: RecordResult[];
}
