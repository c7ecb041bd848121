/**
 * Handover to an external collection agency: the claim as a file (CSV or JSON) the agency imports.
 * Stored with the case (GET /api/collection-cases/{caseNumber}/agency-export) and written to the
 * outbox folder the agency's transfer picks up.
 */
import type { Database } from '../../db';
import { formatAmount } from '../money';
import { isoDate } from '../shared/dates';
import type { CollectionCase } from './cases';
import type { Claim } from './claim';

export type AgencyFormat = 'csv' | 'json';

export interface AgencyDebtor {
  accountNumber: string;
  customerNumber: string;
  name: string;
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
  birthDate: string | null;
  email: string;
}

export interface AgencyExport {
  caseId: string;
  agency: string;
  format: AgencyFormat;
  fileName: string;
  content: string;
  exportedOn: string;
}

const csvCell = (v: string | number | null) => {
  const text = v === null ? '' : String(v);
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** Pure: the file. CSV: one row per item, `;`-separated with the debtor on each row (German spreadsheets). */
export function agencyFile(format: AgencyFormat, c: CollectionCase, debtor: AgencyDebtor, claim: Claim, creditor: string): string {
  if (format === 'json')
    return JSON.stringify(
      {
        creditor,
        caseNumber: c.caseNumber,
        openedOn: c.openedOn,
        debtor,
        claim: {
          totalCents: claim.totalCents,
          mainCents: claim.mainCents,
          interestCents: claim.interestCents,
          costsCents: claim.costsCents,
          creditCents: claim.creditCents,
          items: claim.items.map((i) => ({
            documentNumber: i.documentNumber,
            category: i.category,
            text: i.text,
            dueDate: i.dueDate,
            openCents: i.openCents,
          })),
        },
      },
      null,
      2,
    );
  const head = [
    'Aktenzeichen',
    'Vertragskonto',
    'Kundennummer',
    'Name',
    'Strasse',
    'PLZ',
    'Ort',
    'Geburtsdatum',
    'E-Mail',
    'Beleg',
    'Art',
    'Text',
    'Faellig',
    'Betrag EUR',
  ];
  const rows = claim.items.map((i) =>
    [
      c.caseNumber,
      debtor.accountNumber,
      debtor.customerNumber,
      debtor.name,
      `${debtor.street} ${debtor.houseNumber}`.trim(),
      debtor.postalCode,
      debtor.city,
      debtor.birthDate,
      debtor.email,
      i.documentNumber,
      i.category,
      i.text,
      i.dueDate,
      formatAmount(i.openCents),
    ]
      .map(csvCell)
      .join(';'),
  );
  return [head.join(';'), ...rows].join('\r\n') + '\r\n';
}

/** Stores the export once per case; a retry returns the first. */
export async function storeAgencyExport(db: Database, input: Omit<AgencyExport, 'exportedOn'> & { today: string }): Promise<AgencyExport> {
  await db('collection_agency_exports')
    .insert({
      case_id: input.caseId,
      agency: input.agency,
      format: input.format,
      file_name: input.fileName,
      content: input.content,
      exported_on: input.today,
    })
    .onConflict('case_id')
    .ignore();
  return (await agencyExportOf(db, input.caseId))!;
}

export async function agencyExportOf(db: Database, caseId: string): Promise<AgencyExport | undefined> {
  const r = (await db('collection_agency_exports').where({ case_id: caseId }).first()) as
    { case_id: string; agency: string; format: AgencyFormat; file_name: string; content: string; exported_on: Date | string } | undefined;
  return (
    r && {
      caseId: r.case_id,
      agency: r.agency,
      format: r.format,
      fileName: r.file_name,
      content: r.content,
      exportedOn: isoDate(r.exported_on),
    }
  );
}
