/**
 * SEPA direct debit initiation, pain.008.001.08 (the version German banks take, DK GBIC_4 subset):
 * structured addresses only, amounts as decimal strings from integer cents.
 */
import { formatAmount, sumCents } from '../../money';
import { InputChecker, type StructuredAddress } from './text';
import { account, agent, amount, party, sepaDocument, serialize } from './xml';

export const PAIN_008_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:pain.008.001.08';

export type SequenceType = 'FRST' | 'RCUR' | 'OOFF' | 'FNAL';
export type DirectDebitScheme = 'CORE' | 'B2B';

export interface DirectDebitTransaction {
  endToEndId: string;
  amountCents: number;
  mandateId: string;
  /** ISO date. */
  mandateSignedDate: string;
  debtor: { name: string; iban: string; bic?: string; address?: StructuredAddress };
  /** Unstructured remittance (Ustrd), up to 140 characters after conversion; empty = none. */
  remittance: string;
}

export interface DirectDebitBatch {
  paymentInfoId: string;
  sequenceType: SequenceType;
  /** ISO date. */
  collectionDate: string;
  scheme: DirectDebitScheme;
  transactions: DirectDebitTransaction[];
}

export interface DirectDebitFile {
  messageId: string;
  /** ISO date-time, e.g. '2026-03-02T09:30:00Z'. */
  createdAt: string;
  creditor: { name: string; iban: string; bic?: string; creditorId: string; address: StructuredAddress };
  batches: DirectDebitBatch[];
}

const SEQUENCE_TYPES: readonly string[] = ['FRST', 'RCUR', 'OOFF', 'FNAL'];
const SCHEMES: readonly string[] = ['CORE', 'B2B'];

/** Checks the whole input and returns it normalised (IBANs compact, text converted to the SEPA set). */
function checkInput(input: DirectDebitFile): DirectDebitFile {
  const c = new InputChecker();
  const messageId = c.id('messageId', input.messageId);
  const createdAt = c.dateTime('createdAt', input.createdAt);
  const cr = input.creditor;
  const creditor = {
    name: c.text('creditor.name', cr.name, 70) ?? '',
    iban: c.iban('creditor.iban', cr.iban),
    bic: c.bic('creditor.bic', cr.bic),
    creditorId: c.creditorId('creditor.creditorId', cr.creditorId),
    address: c.address('creditor.address', cr.address, true)!,
  };
  if (!input.batches?.length) c.add('batches', 'at least one batch is required');
  const paymentInfoIds = new Map<string, string>();
  const endToEndIds = new Map<string, string>();
  const batches = (input.batches ?? []).map((b, i): DirectDebitBatch => {
    const at = `batches[${i}]`;
    c.unique(`${at}.paymentInfoId`, c.id(`${at}.paymentInfoId`, b.paymentInfoId), paymentInfoIds, 'payment information id');
    if (!SEQUENCE_TYPES.includes(b.sequenceType)) c.add(`${at}.sequenceType`, `must be one of ${SEQUENCE_TYPES.join(', ')}`);
    if (!SCHEMES.includes(b.scheme)) c.add(`${at}.scheme`, `must be one of ${SCHEMES.join(', ')}`);
    // DK rule: one file holds CORE or B2B collections, never both.
    else if (b.scheme !== input.batches[0].scheme)
      c.add(`${at}.scheme`, `a file must not mix CORE and B2B (batches[0] is ${input.batches[0].scheme})`);
    const collectionDate = c.date(`${at}.collectionDate`, b.collectionDate);
    if (!b.transactions?.length) c.add(`${at}.transactions`, 'at least one transaction is required');
    const transactions = (b.transactions ?? []).map((t, j): DirectDebitTransaction => {
      const tat = `${at}.transactions[${j}]`;
      c.unique(`${tat}.endToEndId`, c.id(`${tat}.endToEndId`, t.endToEndId), endToEndIds, 'end-to-end id');
      const signed = c.date(`${tat}.mandateSignedDate`, t.mandateSignedDate);
      if (signed > collectionDate) c.add(`${tat}.mandateSignedDate`, `after the collection date ${collectionDate}`);
      return {
        endToEndId: t.endToEndId,
        amountCents: c.amount(`${tat}.amountCents`, t.amountCents),
        mandateId: c.id(`${tat}.mandateId`, t.mandateId),
        mandateSignedDate: signed,
        debtor: {
          name: c.text(`${tat}.debtor.name`, t.debtor?.name, 70) ?? '',
          iban: c.iban(`${tat}.debtor.iban`, t.debtor?.iban ?? ''),
          bic: c.bic(`${tat}.debtor.bic`, t.debtor?.bic),
          address: c.address(`${tat}.debtor.address`, t.debtor?.address, false),
        },
        remittance: c.text(`${tat}.remittance`, t.remittance, 140, false) ?? '',
      };
    });
    return { paymentInfoId: b.paymentInfoId, sequenceType: b.sequenceType, collectionDate, scheme: b.scheme, transactions };
  });
  c.throwIfAny();
  return { messageId, createdAt, creditor, batches };
}

/**
 * Builds a pain.008.001.08 file. Throws SepaInputError naming every bad field before writing
 * anything. One PmtInf per batch; the creditor's data repeats in each, as the format requires.
 */
export function buildPain008(input: DirectDebitFile): string {
  const file = checkInput(input);
  const allCents = file.batches.flatMap((b) => b.transactions.map((t) => t.amountCents));

  const root = sepaDocument(PAIN_008_NAMESPACE);
  const initn = root.ele('CstmrDrctDbtInitn');
  const hdr = initn.ele('GrpHdr');
  hdr.ele('MsgId').txt(file.messageId);
  hdr.ele('CreDtTm').txt(file.createdAt);
  hdr.ele('NbOfTxs').txt(String(allCents.length));
  hdr.ele('CtrlSum').txt(formatAmount(sumCents(allCents)));
  hdr.ele('InitgPty').ele('Nm').txt(file.creditor.name);

  const cr = file.creditor;
  for (const b of file.batches) {
    const pmt = initn.ele('PmtInf');
    pmt.ele('PmtInfId').txt(b.paymentInfoId);
    pmt.ele('PmtMtd').txt('DD');
    pmt.ele('NbOfTxs').txt(String(b.transactions.length));
    pmt.ele('CtrlSum').txt(formatAmount(sumCents(b.transactions.map((t) => t.amountCents))));
    const tp = pmt.ele('PmtTpInf');
    tp.ele('SvcLvl').ele('Cd').txt('SEPA');
    tp.ele('LclInstrm').ele('Cd').txt(b.scheme);
    tp.ele('SeqTp').txt(b.sequenceType);
    pmt.ele('ReqdColltnDt').txt(b.collectionDate);
    party(pmt, 'Cdtr', cr.name, cr.address);
    account(pmt, 'CdtrAcct', cr.iban);
    agent(pmt, 'CdtrAgt', cr.bic);
    pmt.ele('ChrgBr').txt('SLEV');
    const othr = pmt.ele('CdtrSchmeId').ele('Id').ele('PrvtId').ele('Othr');
    othr.ele('Id').txt(cr.creditorId);
    othr.ele('SchmeNm').ele('Prtry').txt('SEPA');

    for (const t of b.transactions) {
      const tx = pmt.ele('DrctDbtTxInf');
      tx.ele('PmtId').ele('EndToEndId').txt(t.endToEndId);
      amount(tx, 'InstdAmt', formatAmount(t.amountCents));
      const mandate = tx.ele('DrctDbtTx').ele('MndtRltdInf');
      mandate.ele('MndtId').txt(t.mandateId);
      mandate.ele('DtOfSgntr').txt(t.mandateSignedDate);
      agent(tx, 'DbtrAgt', t.debtor.bic);
      party(tx, 'Dbtr', t.debtor.name, t.debtor.address);
      account(tx, 'DbtrAcct', t.debtor.iban);
      if (t.remittance) tx.ele('RmtInf').ele('Ustrd').txt(t.remittance);
    }
  }
  return serialize(root);
}
