/**
 * The bank simulator's side of a direct debit: from a pain.008 file it writes the camt.053
 * statement a German bank would send on the collection date, crediting each collection as one
 * batch entry with its transactions, and optionally returning some of them (with the ISO reason
 * and the bank's fee) as debit entries. Credit transfers (pain.001) show as debits.
 */
import { XMLParser } from 'fast-xml-parser';
import { create } from 'xmlbuilder2';
import { formatAmount, parseAmount } from '../../domain/money';

export interface SimulatedReturn {
  endToEndId: string;
  reason: string;
  feeCents?: number;
}

export interface StatementOptions {
  messageId: string;
  accountIban: string;
  bookingDate: string;
  pain008?: string[];
  pain001?: string[];
  returns?: SimulatedReturn[];
  /** Transfers customers made by themselves. */
  transfers?: Array<{ amountCents: number; name: string; iban: string; remittance: string; creditorReference?: string }>;
}

interface Tx {
  endToEndId: string;
  amountCents: number;
  name: string;
  iban: string;
  mandateId?: string;
  remittance: string;
}

const parser = new XMLParser({
  removeNSPrefix: true,
  parseTagValue: false,
  ignoreAttributes: false,
  isArray: (n) => ['PmtInf', 'DrctDbtTxInf', 'CdtTrfTxInf'].includes(n),
});

type Node = Record<string, any>;

function debitsOf(xml: string): Tx[] {
  const doc = parser.parse(xml) as Node;
  return (doc.Document.CstmrDrctDbtInitn.PmtInf as Node[]).flatMap((p) =>
    (p.DrctDbtTxInf as Node[]).map((t) => ({
      endToEndId: String(t.PmtId.EndToEndId),
      amountCents: parseAmount(String(t.InstdAmt['#text'])),
      name: String(t.Dbtr.Nm),
      iban: String(t.DbtrAcct.Id.IBAN),
      mandateId: String(t.DrctDbtTx.MndtRltdInf.MndtId),
      remittance: String(t.RmtInf?.Ustrd ?? ''),
    })),
  );
}

function creditsOf(xml: string): Tx[] {
  const doc = parser.parse(xml) as Node;
  return (doc.Document.CstmrCdtTrfInitn.PmtInf as Node[]).flatMap((p) =>
    (p.CdtTrfTxInf as Node[]).map((t) => ({
      endToEndId: String(t.PmtId.EndToEndId),
      amountCents: parseAmount(String(t.Amt.InstdAmt['#text'])),
      name: String(t.Cdtr.Nm),
      iban: String(t.CdtrAcct.Id.IBAN),
      remittance: String(t.RmtInf?.Ustrd ?? ''),
    })),
  );
}

export function statementFor(opts: StatementOptions): string {
  const returned = new Map((opts.returns ?? []).map((r) => [r.endToEndId, r]));
  const debits = (opts.pain008 ?? []).flatMap(debitsOf);
  const credits = (opts.pain001 ?? []).flatMap(creditsOf);
  const doc = create({ version: '1.0', encoding: 'UTF-8' }).ele('urn:iso:std:iso:20022:tech:xsd:camt.053.001.08', 'Document');
  const stmt = doc.ele('BkToCstmrStmt');
  stmt.ele('GrpHdr').ele('MsgId').txt(opts.messageId).up().ele('CreDtTm').txt(`${opts.bookingDate}T18:00:00`);
  const s = stmt.ele('Stmt');
  s.ele('Id').txt(opts.messageId);
  s.ele('CreDtTm').txt(`${opts.bookingDate}T18:00:00`);
  s.ele('Acct').ele('Id').ele('IBAN').txt(opts.accountIban);
  let n = 0;
  const entry = (amountCents: number, cd: 'CRDT' | 'DBIT', domain: [string, string], fill: (e: ReturnType<typeof s.ele>) => void) => {
    n++;
    const e = s.ele('Ntry');
    e.ele('NtryRef').txt(`E${n}`);
    e.ele('Amt', { Ccy: 'EUR' }).txt(formatAmount(amountCents));
    e.ele('CdtDbtInd').txt(cd);
    e.ele('Sts').ele('Cd').txt('BOOK');
    e.ele('BookgDt').ele('Dt').txt(opts.bookingDate);
    e.ele('ValDt').ele('Dt').txt(opts.bookingDate);
    e.ele('AcctSvcrRef').txt(`${opts.messageId}-${n}`);
    e.ele('BkTxCd').ele('Domn').ele('Cd').txt('PMNT').up().ele('Fmly').ele('Cd').txt(domain[0]).up().ele('SubFmlyCd').txt(domain[1]);
    fill(e);
  };
  const txDetails = (dtls: ReturnType<typeof s.ele>, t: Tx, party: 'Dbtr' | 'Cdtr', amountCents = t.amountCents) => {
    const d = dtls.ele('TxDtls');
    d.ele('Refs').ele('EndToEndId').txt(t.endToEndId).up().up();
    if (t.mandateId) d.first().ele('MndtId').txt(t.mandateId);
    d.ele('Amt', { Ccy: 'EUR' }).txt(formatAmount(amountCents));
    const rp = d.ele('RltdPties');
    rp.ele(party).ele('Pty').ele('Nm').txt(t.name);
    rp.ele(`${party}Acct`).ele('Id').ele('IBAN').txt(t.iban);
    if (t.remittance) d.ele('RmtInf').ele('Ustrd').txt(t.remittance.slice(0, 140));
    return d;
  };
  if (debits.length) {
    const total = debits.reduce((sum, t) => sum + t.amountCents, 0);
    entry(total, 'CRDT', ['RCDT', 'ESDD'], (e) => {
      const dtls = e.ele('NtryDtls');
      for (const t of debits) txDetails(dtls, t, 'Dbtr');
    });
  }
  for (const t of debits.filter((x) => returned.has(x.endToEndId))) {
    const r = returned.get(t.endToEndId)!;
    const fee = r.feeCents ?? 0;
    entry(t.amountCents + fee, 'DBIT', ['RDDT', 'UPDD'], (e) => {
      const d = txDetails(e.ele('NtryDtls'), t, 'Dbtr');
      if (fee) d.ele('Chrgs').ele('Rcrd').ele('Amt', { Ccy: 'EUR' }).txt(formatAmount(fee)).up().ele('CdtDbtInd').txt('DBIT');
      d.ele('RtrInf').ele('Rsn').ele('Cd').txt(r.reason);
    });
  }
  for (const t of credits)
    entry(t.amountCents, 'DBIT', ['ICDT', 'ESCT'], (e) => {
      txDetails(e.ele('NtryDtls'), t, 'Cdtr');
    });
  for (const t of opts.transfers ?? [])
    entry(t.amountCents, 'CRDT', ['RCDT', 'ESCT'], (e) => {
      const d = e.ele('NtryDtls').ele('TxDtls');
      d.ele('Refs').ele('EndToEndId').txt('NOTPROVIDED');
      d.ele('Amt', { Ccy: 'EUR' }).txt(formatAmount(t.amountCents));
      const rp = d.ele('RltdPties');
      rp.ele('Dbtr').ele('Pty').ele('Nm').txt(t.name);
      rp.ele('DbtrAcct').ele('Id').ele('IBAN').txt(t.iban);
      const rmt = d.ele('RmtInf');
      if (t.creditorReference)
        rmt
          .ele('Strd')
          .ele('CdtrRefInf')
          .ele('Tp')
          .ele('CdOrPrtry')
          .ele('Cd')
          .txt('SCOR')
          .up()
          .up()
          .up()
          .ele('Ref')
          .txt(t.creditorReference);
      else rmt.ele('Ustrd').txt(t.remittance);
    });
  return doc.end({ prettyPrint: true });
}
