/**
 * The application for a payment order (Mahnbescheidsantrag) as a record file for the dunning
 * courts' electronic data exchange (EDA, §690 (3) ZPO).
 *
 * What is official and what is not: the public descriptions of the courts ("Konditionen für den
 * elektronischen Datenaustausch im automatisierten gerichtlichen Mahnverfahren", Format 4) give the
 * structure — a file header (Dateivorsatz), the applications as sequences of data areas (applicant,
 * respondent, main claims, ancillary claims, costs), a file trailer (Dateinachsatz) with record count
 * and control sum — and that a registered filer is identified by a number (Kennziffer, ASKEZI). The
 * binding field positions, record-type codes and the catalogue numbers of main claims are in the
 * courts' record descriptions (Satzbeschreibungen), which are handed to registered participants and
 * were not available here. So the record types and widths below are ours: fixed-width ISO-8859-1
 * lines with CRLF, shaped like the official structure so that an adapter to the real layout maps
 * field by field. Do not send this file to a court as it is.
 */
import { formatAmount, type Cents } from '../money';
import type { ClaimItem } from './claim';

export interface EdaParty {
  name: string;
  street: string;
  postalCode: string;
  city: string;
}

export interface EdaApplicationInput {
  /** The filer's Kennziffer (COLLECTION_EDA_CLAIMANT_ID). */
  claimantId: string;
  /** Running number of the file for this filer (1–999). */
  fileNumber: number;
  createdOn: string;
  /** MB: payment order; VB: enforcement order. */
  kind: 'MB' | 'VB';
  claimant: EdaParty;
  respondent: EdaParty & { birthDate?: string | null };
  /** Our reference (Geschäftszeichen): the collection case number. */
  caseNumber: string;
  items: ClaimItem[];
  courtFeeCents: Cents;
}

/** Record types (ours, see above). */
export const EDA_RECORD_TYPES = {
  header: 'VS',
  applicant: 'AS',
  respondent: 'AG',
  mainClaim: 'HF',
  ancillary: 'NF',
  credit: 'ZA',
  costs: 'KO',
  trailer: 'NS',
} as const;

function field(value: string, width: number): string {
  // The courts accept Latin-1 letters; anything else becomes '?' rather than breaking the width.
  const text = value.replace(/[\r\n]+/g, ' ').replace(/[^\x20-\x7e\xa0-\xff]/g, '?');
  return text.length >= width ? text.slice(0, width) : text.padEnd(width, ' ');
}

function num(value: number, width: number): string {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`EDA: ${value} is no non-negative integer`);
  const text = String(value);
  if (text.length > width) throw new RangeError(`EDA: ${value} does not fit ${width} digits`);
  return text.padStart(width, '0');
}

/** YYYY-MM-DD → DDMMYYYY, empty as 8 blanks. */
function day(iso: string | null | undefined): string {
  return iso ? `${iso.slice(8, 10)}${iso.slice(5, 7)}${iso.slice(0, 4)}` : ' '.repeat(8);
}

function party(type: string, p: EdaParty): string {
  return type + field(p.name, 60) + field(p.street, 40) + field(p.postalCode, 5) + field(p.city, 35);
}

/** The file as text (CRLF line ends; the caller encodes it as latin1). */
export function buildEdaFile(input: EdaApplicationInput): string {
  const t = EDA_RECORD_TYPES;
  const lines: string[] = [];
  let controlSum = 0;
  lines.push(t.header + field(input.claimantId, 8) + num(input.fileNumber, 3) + day(input.createdOn) + field(input.kind, 2));
  lines.push(party(t.applicant, input.claimant));
  lines.push(party(t.respondent, input.respondent) + day(input.respondent.birthDate) + field(input.caseNumber, 20));
  let n = 0;
  for (const item of input.items) {
    n++;
    const amount = Math.abs(item.openCents);
    controlSum += amount;
    const type = item.category === 'main' ? t.mainClaim : item.category === 'credit' ? t.credit : t.ancillary;
    // Main claims: "Energielieferung" with the bill or installment as document; interest as
    // calculated interest (ausgerechnete Zinsen) up to the application, costs as dunning costs.
    const label =
      item.category === 'main'
        ? `Energielieferung ${item.text}`
        : item.category === 'interest'
          ? 'Zinsen (ausgerechnet)'
          : item.category === 'costs'
            ? `Kosten ${item.text}`
            : `Zahlung ${item.text}`;
    lines.push(type + num(n, 3) + field(label, 40) + field(item.documentNumber, 20) + day(item.dueDate) + num(amount, 12));
  }
  controlSum += input.courtFeeCents;
  lines.push(t.costs + field('Gerichtskosten', 40) + num(input.courtFeeCents, 12));
  lines.push(t.trailer + num(lines.length + 1, 6) + num(controlSum, 15));
  return lines.join('\r\n') + '\r\n';
}

/** The amounts of an EDA file read back (tests and the review PDF use the same figures). */
export function edaSummary(file: string): { records: number; controlSumCents: number; amount: string } {
  const lines = file.split('\r\n').filter((l) => l.length > 0);
  const trailer = lines[lines.length - 1];
  const controlSumCents = Number(trailer.slice(8, 23));
  return { records: Number(trailer.slice(2, 8)), controlSumCents, amount: formatAmount(controlSumCents) };
}
