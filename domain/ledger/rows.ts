import { toCents } from '../shared/db';
import { isoDate } from '../shared/dates';
import type { DocumentKind, GlAccount, ItemType, PostedDocument } from './types';

export interface DocumentRow {
  id: string;
  document_number: string;
  business_key: string;
  kind: DocumentKind;
  contract_account_id: string | null;
  posting_date: Date | string;
  reference: string | null;
  text: string;
  reverses_document_id: string | null;
}

export interface LineRow {
  id: string;
  document_id: string;
  line_no: number;
  gl_account: GlAccount;
  contract_account_id: string | null;
  contract_id: string | null;
  item_type: ItemType | null;
  amount_cents: string | number;
  due_date: Date | string | null;
  vat_rate_percent: string | null;
  text: string;
}

export function toDocument(row: DocumentRow, lines: LineRow[], created: boolean): PostedDocument {
  return {
    id: row.id,
    documentNumber: row.document_number,
    businessKey: row.business_key,
    kind: row.kind,
    contractAccountId: row.contract_account_id,
    postingDate: isoDate(row.posting_date),
    reference: row.reference,
    text: row.text,
    reversesDocumentId: row.reverses_document_id,
    created,
    lines: lines.map((l) => ({
      id: l.id,
      lineNo: l.line_no,
      glAccount: l.gl_account,
      amountCents: toCents(l.amount_cents),
      ...(l.item_type ? { itemType: l.item_type } : {}),
      ...(l.contract_id ? { contractId: l.contract_id } : {}),
      ...(l.due_date ? { dueDate: isoDate(l.due_date) } : {}),
      ...(l.vat_rate_percent ? { vatRatePercent: l.vat_rate_percent } : {}),
      text: l.text,
    })),
  };
}
