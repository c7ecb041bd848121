/**
 * SEPA credit transfer initiation, pain.001.001.09, for refunds and credit notes: we are the
 * debtor, customers are the creditors.
 */
import { formatAmount, sumCents } from '../../money';
import { InputChecker, type StructuredAddress } from './text';
import { account, agent, amount, party, sepaDocument, serialize } from './xml';

export const PAIN_001_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.09';

export interface CreditTransferTransaction {
  endToEndId: string;
  amountCents: number;
  creditor: { name: string; iban: string; bic?: string; address?: StructuredAddress };
  /** Unstructured remittance (Ustrd), up to 140 characters after conversion; empty = none. */
  remittance: string;
}

export interface CreditTransferBatch {
  paymentInfoId: string;
  /** ISO date (ReqdExctnDt/Dt). */
  executionDate: string;
  transactions: CreditTransferTransaction[];
}

export interface CreditTransferFile {
  messageId: string;
  /** ISO date-time. */
  createdAt: string;
  debtor: { name: string; iban: string; bic?: string; address: StructuredAddress };
  batches: CreditTransferBatch[];
}

function checkInput(input: CreditTransferFile): CreditTransferFile {
  const c = new InputChecker();
  const messageId = c.id('messageId', input.messageId);
  const createdAt = c.dateTime('createdAt', input.createdAt);
  const d = input.debtor;
  const debtor = {
    name: c.text('debtor.name', d.name, 70) ?? '',
    iban: c.iban('debtor.iban', d.iban),
    bic: c.bic('debtor.bic', d.bic),
    address: c.address('debtor.address', d.address, true)!,
  };
  if (!input.batches?.length) c.add('batches', 'at least one batch is required');
  const paymentInfoIds = new Map<string, string>();
  const endToEndIds = new Map<string, string>();
  const batches = (input.batches ?? []).map((b, i): CreditTransferBatch => {
    const at = `batches[${i}]`;
    c.unique(`${at}.paymentInfoId`, c.id(`${at}.paymentInfoId`, b.paymentInfoId), paymentInfoIds, 'payment information id');
    const executionDate = c.date(`${at}.executionDate`, b.executionDate);
    if (!b.transactions?.length) c.add(`${at}.transactions`, 'at least one transaction is required');
    const transactions = (b.transactions ?? []).map((t, j): CreditTransferTransaction => {
      const tat = `${at}.transactions[${j}]`;
      c.unique(`${tat}.endToEndId`, c.id(`${tat}.endToEndId`, t.endToEndId), endToEndIds, 'end-to-end id');
      return {
        endToEndId: t.endToEndId,
        amountCents: c.amount(`${tat}.amountCents`, t.amountCents),
        creditor: {
          name: c.text(`${tat}.creditor.name`, t.creditor?.name, 70) ?? '',
          iban: c.iban(`${tat}.creditor.iban`, t.creditor?.iban ?? ''),
          bic: c.bic(`${tat}.creditor.bic`, t.creditor?.bic),
          address: c.address(`${tat}.creditor.address`, t.creditor?.address, false),
        },
        remittance: c.text(`${tat}.remittance`, t.remittance, 140, false) ?? '',
      };
    });
    return { paymentInfoId: b.paymentInfoId, executionDate, transactions };
  });
  c.throwIfAny();
  return { messageId, createdAt, debtor, batches };
}

/** Builds a pain.001.001.09 file; throws SepaInputError naming every bad field before writing anything. */
export function buildPain001(input: CreditTransferFile): string {
  const file = checkInput(input);
  const allCents = file.batches.flatMap((b) => b.transactions.map((t) => t.amountCents));

  const root = sepaDocument(PAIN_001_NAMESPACE);
  const initn = root.ele('CstmrCdtTrfInitn');
  const hdr = initn.ele('GrpHdr');
  hdr.ele('MsgId').txt(file.messageId);
  hdr.ele('CreDtTm').txt(file.createdAt);
  hdr.ele('NbOfTxs').txt(String(allCents.length));
  hdr.ele('CtrlSum').txt(formatAmount(sumCents(allCents)));
  hdr.ele('InitgPty').ele('Nm').txt(file.debtor.name);

  const dr = file.debtor;
  for (const b of file.batches) {
    const pmt = initn.ele('PmtInf');
    pmt.ele('PmtInfId').txt(b.paymentInfoId);
    pmt.ele('PmtMtd').txt('TRF');
    pmt.ele('NbOfTxs').txt(String(b.transactions.length));
    pmt.ele('CtrlSum').txt(formatAmount(sumCents(b.transactions.map((t) => t.amountCents))));
    pmt.ele('PmtTpInf').ele('SvcLvl').ele('Cd').txt('SEPA');
    pmt.ele('ReqdExctnDt').ele('Dt').txt(b.executionDate);
    party(pmt, 'Dbtr', dr.name, dr.address);
    account(pmt, 'DbtrAcct', dr.iban);
    agent(pmt, 'DbtrAgt', dr.bic);
    pmt.ele('ChrgBr').txt('SLEV');

    for (const t of b.transactions) {
      const tx = pmt.ele('CdtTrfTxInf');
      tx.ele('PmtId').ele('EndToEndId').txt(t.endToEndId);
      amount(tx.ele('Amt'), 'InstdAmt', formatAmount(t.amountCents));
      // Within SEPA the IBAN suffices; the creditor's bank is named only when known.
      if (t.creditor.bic) agent(tx, 'CdtrAgt', t.creditor.bic);
      party(tx, 'Cdtr', t.creditor.name, t.creditor.address);
      account(tx, 'CdtrAcct', t.creditor.iban);
      if (t.remittance) tx.ele('RmtInf').ele('Ustrd').txt(t.remittance);
    }
  }
  return serialize(root);
}
