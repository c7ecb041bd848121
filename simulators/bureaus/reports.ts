import { reportId } from './api';
import { json, xml, type SimResponse } from './http';
import type { SimulatedBureau } from './personas';
import { attribute, elementText, escapeXml } from './xml';

/**
 * The bureaus' intake of payment experiences (negative entries and their updates), as a
 * participant delivers them monthly:
 * - Creditreform Boniversum: `POST /creditreform/boniversum/v1/payment-experiences`, XML
 *   `<PaymentExperienceDelivery>`, answered by `<PaymentExperienceAcknowledgement>`;
 * - SCHUFA: `POST /schufa/v1/payment-experiences`, JSON, answered by `{receiptId, records}`.
 * A record is checked on its own (reference, name, birth date, postal code, status, amount); a
 * delivery id seen before gets the first answer again, so a resend is never booked twice.
 */
export interface ReceivedRecord {
  type: string;
  reference: string;
  customerNumber: string;
  lastName: string;
  status: string;
  openAmount: string;
  writtenOffAmount: string;
  dunningLevel: number;
  accepted: boolean;
  error?: string;
}

export interface ReceivedDelivery {
  bureau: SimulatedBureau;
  deliveryId: string;
  receiptId: string;
  memberNumber: string;
  period: string;
  cutOffDate: string;
  receivedAt: string;
  /** Further receipts of the same delivery id (resends). */
  duplicates: number;
  records: ReceivedRecord[];
}

export const reportPaths: Partial<Record<SimulatedBureau, string>> = {
  creditreform: '/boniversum/v1/payment-experiences',
  schufa: '/v1/payment-experiences',
};

const statuses = ['OPEN', 'SETTLED', 'WRITTEN_OFF', 'DISPUTED'];
const amountPattern = /^\d{1,10}\.\d{2}$/;

type Fields = Omit<ReceivedRecord, 'accepted' | 'error'> & { firstName: string; birthDate: string; postalCode: string };

function check(r: Fields): string | undefined {
  if (!r.reference) return 'reference missing';
  if (r.type !== 'NEW' && r.type !== 'UPDATE') return `unknown record type ${r.type}`;
  if (!r.firstName || !r.lastName || !/^\d{4}-\d{2}-\d{2}$/.test(r.birthDate) || !r.postalCode) return 'debtor incomplete';
  if (!statuses.includes(r.status)) return `unknown status ${r.status}`;
  if (!amountPattern.test(r.openAmount)) return 'open amount invalid';
  if (r.type === 'NEW' && (r.status !== 'OPEN' || r.openAmount === '0.00')) return 'a new entry must be an open claim';
  return undefined;
}

const result = (r: Fields): ReceivedRecord => {
  const error = check(r);
  const { firstName: _f, birthDate: _b, postalCode: _p, ...kept } = r;
  return { ...kept, accepted: !error, ...(error ? { error } : {}) };
};

export interface ReportIntake {
  /** The answer to a report request, or undefined when the path is no report endpoint. */
  handle(bureau: SimulatedBureau, method: string, path: string, body: string): SimResponse | undefined;
  list(bureau?: SimulatedBureau): ReceivedDelivery[];
  reset(): void;
}

export function createReportIntake(): ReportIntake {
  const received: ReceivedDelivery[] = [];
  const byId = new Map<string, ReceivedDelivery>();

  function remember(d: Omit<ReceivedDelivery, 'receiptId' | 'receivedAt' | 'duplicates'>, prefix: string): ReceivedDelivery {
    const key = `${d.bureau}:${d.deliveryId}`;
    const seen = byId.get(key);
    if (seen) {
      seen.duplicates += 1;
      return seen;
    }
    const stored = { ...d, receiptId: reportId(prefix), receivedAt: new Date().toISOString(), duplicates: 0 };
    byId.set(key, stored);
    received.push(stored);
    return stored;
  }

  function creditreform(body: string): SimResponse {
    const fault = (text: string) =>
      xml(
        400,
        `<?xml version="1.0" encoding="UTF-8"?>\n<Fault><FaultCode>Client.Validation</FaultCode><FaultString>${escapeXml(text)}</FaultString></Fault>`,
      );
    if (!body.includes('<PaymentExperienceDelivery')) return fault('PaymentExperienceDelivery expected');
    if (attribute(body, 'PaymentExperienceDelivery', 'version') !== '1.0') return fault('version 1.0 expected');
    const deliveryId = elementText(body, 'DeliveryId');
    const period = elementText(body, 'Period') ?? '';
    if (!deliveryId || !/^\d{4}-\d{2}$/.test(period)) return fault('DeliveryId and Period (YYYY-MM) are required');
    const blocks = [...body.matchAll(/<Record>([\s\S]*?)<\/Record>/g)].map((m) => m[1]);
    if (Number(elementText(body, 'RecordCount')) !== blocks.length) return fault('RecordCount does not match the records');
    const text = (doc: string, name: string) => elementText(doc, name) ?? '';
    const d = remember(
      {
        bureau: 'creditreform',
        deliveryId,
        memberNumber: text(body, 'MemberNumber'),
        period,
        cutOffDate: text(body, 'CutOffDate'),
        records: blocks.map((b) =>
          result({
            type: text(b, 'RecordType'),
            reference: text(b, 'ClaimReference'),
            customerNumber: text(b, 'CustomerNumber'),
            firstName: text(b, 'FirstName'),
            lastName: text(b, 'LastName'),
            birthDate: text(b, 'BirthDate'),
            postalCode: text(b, 'ZipCode'),
            status: text(b, 'ClaimStatus'),
            openAmount: text(b, 'OpenAmount'),
            writtenOffAmount: text(b, 'WrittenOffAmount'),
            dunningLevel: Number(text(b, 'DunningLevel')),
          }),
        ),
      },
      'CEG-ZE',
    );
    const results = d.records
      .map(
        (r) =>
          `  <RecordResult><ClaimReference>${escapeXml(r.reference)}</ClaimReference><Status>${r.accepted ? 'ACCEPTED' : 'REJECTED'}</Status>${r.error ? `<Error>${escapeXml(r.error)}</Error>` : ''}</RecordResult>`,
      )
      .join('\n');
    const accepted = d.records.filter((r) => r.accepted).length;
    return xml(
      200,
      `<?xml version="1.0" encoding="UTF-8"?>
<PaymentExperienceAcknowledgement>
  <DeliveryId>${escapeXml(d.deliveryId)}</DeliveryId>
  <ReceiptId>${d.receiptId}</ReceiptId>
  <Accepted>${accepted}</Accepted>
  <Rejected>${d.records.length - accepted}</Rejected>
${results}
</PaymentExperienceAcknowledgement>
`,
    );
  }

  function schufa(body: string): SimResponse {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return json(400, { error: 'INVALID_JSON', message: 'body is no JSON' });
    }
    const records = parsed.records;
    if (typeof parsed.deliveryId !== 'string' || typeof parsed.period !== 'string' || !Array.isArray(records))
      return json(400, { error: 'VALIDATION', message: 'deliveryId, period and records are required' });
    const s = (v: unknown) => (typeof v === 'string' ? v : '');
    const d = remember(
      {
        bureau: 'schufa',
        deliveryId: parsed.deliveryId,
        memberNumber: s(parsed.participantId),
        period: parsed.period,
        cutOffDate: s(parsed.cutOffDate),
        records: (records as Record<string, any>[]).map((r) =>
          result({
            type: s(r.type),
            reference: s(r.reference),
            customerNumber: s(r.customerNumber),
            firstName: s(r.consumer?.firstName),
            lastName: s(r.consumer?.lastName),
            birthDate: s(r.consumer?.dateOfBirth),
            postalCode: s(r.consumer?.currentAddress?.postalCode),
            status: s(r.status),
            openAmount: s(r.openAmount?.value),
            writtenOffAmount: s(r.writtenOffAmount?.value),
            dunningLevel: Number(r.dunningLevel),
          }),
        ),
      },
      'SCHUFA-ZE',
    );
    return json(200, {
      deliveryId: d.deliveryId,
      receiptId: d.receiptId,
      records: d.records.map((r) => ({
        reference: r.reference,
        status: r.accepted ? 'ACCEPTED' : 'REJECTED',
        ...(r.error ? { error: r.error } : {}),
      })),
    });
  }

  return {
    handle(bureau, method, path, body) {
      if (reportPaths[bureau] !== path) return undefined;
      if (method !== 'POST') return json(405, { error: `use POST for ${path}` });
      return bureau === 'creditreform' ? creditreform(body) : schufa(body);
    },
    list: (bureau) => received.filter((d) => !bureau || d.bureau === bureau),
    reset: () => {
      received.length = 0;
      byId.clear();
    },
  };
}
