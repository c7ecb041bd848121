/**
 * The bureaus' answers to a delivery of payment experiences (the requests: domain/bureau-reporting/formats.ts):
 * Creditreform's `<PaymentExperienceAcknowledgement>` with a `<RecordResult>` per claim, SCHUFA's
 * JSON `{receiptId, records}`.
 */
import type { DeliveryAnswer, ReportingBureau } from '../../domain/bureau-reporting';
import { elementText } from '../bureaus/xml';

/** The bureau's answer to a delivery it took (HTTP 200); undefined when it cannot be read. */
export function parseAnswer(bureau: ReportingBureau, body: string): DeliveryAnswer | undefined {
  if (bureau === 'creditreform') {
    if (!body.includes('<PaymentExperienceAcknowledgement')) return undefined;
    const records = [...body.matchAll(/<RecordResult>([\s\S]*?)<\/RecordResult>/g)].map((m) => {
      const error = elementText(m[1], 'Error');
      return {
        reference: elementText(m[1], 'ClaimReference') ?? '',
        accepted: elementText(m[1], 'Status') === 'ACCEPTED',
        ...(error ? { error } : {}),
      };
    });
    return { receiptId: elementText(body, 'ReceiptId') ?? null, records };
  }
  try {
    const parsed = JSON.parse(body) as { receiptId?: unknown; records?: { reference?: unknown; status?: unknown; error?: unknown }[] };
    if (!Array.isArray(parsed.records)) return undefined;
    return {
      receiptId: typeof parsed.receiptId === 'string' ? parsed.receiptId : null,
      records: parsed.records.map((r) => ({
        reference: String(r.reference ?? ''),
        accepted: r.status === 'ACCEPTED',
        ...(typeof r.error === 'string' ? { error: r.error } : {}),
      })),
    };
  } catch {
    return undefined;
  }
}
