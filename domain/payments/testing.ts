/**
 * Test helpers for payments over the database: accounts with mandates, items, and hand-written
 * camt.053.001.08 statements. Used by the tests beside the code; not part of the runtime API.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../../db';
import { postDocument } from '../ledger';
import { formatAmount } from '../money';
import { insertContract, type ContractFixture } from '../shared/test-fixtures';
import { makeIban } from './camt/generate';

export interface TestAccount extends ContractFixture {
  accountNumber: string;
  contractNumber: string;
  customerNumber: string;
  holder: string;
  iban: string;
  mandateId: string | null;
}

export async function insertAccount(
  db: Database,
  opts: {
    first: string;
    last: string;
    method?: 'sepa_direct_debit' | 'bank_transfer';
    mandate?: boolean;
    signed?: string;
    lastCollection?: string;
  },
): Promise<TestAccount> {
  const f = await insertContract(db);
  // Numbers of digits, as in production (the fixture's hex tags would confuse the number matching).
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');
  await db('customers')
    .where({ id: f.customerId })
    .update({ first_name: opts.first, last_name: opts.last, customer_number: `K${digits(9)}` });
  await db('contract_accounts')
    .where({ id: f.contractAccountId })
    .update({ account_number: `4${digits(11)}` });
  await db('contracts')
    .where({ id: f.contractId })
    .update({ contract_number: `V-${digits(10)}` });
  if (opts.method) await db('contract_accounts').where({ id: f.contractAccountId }).update({ payment_method: opts.method });
  const holder = `${opts.first} ${opts.last}`;
  const iban = makeIban('DE', `37040044${String(Math.floor(Math.random() * 1e10)).padStart(10, '0')}`);
  let mandateId: string | null = null;
  if (opts.mandate !== false) {
    const [m] = (await db('sepa_mandates')
      .insert({
        mandate_reference: `M-${randomUUID().slice(0, 12)}`,
        contract_account_id: f.contractAccountId,
        iban,
        account_holder: holder,
        signed_date: opts.signed ?? '2025-01-10',
        last_collection_date: opts.lastCollection ?? null,
      })
      .returning('id')) as Array<{ id: string }>;
    mandateId = m.id;
  }
  const acc = (await db('contract_accounts').where({ id: f.contractAccountId }).first()) as { account_number: string };
  const con = (await db('contracts').where({ id: f.contractId }).first()) as { contract_number: string };
  const cus = (await db('customers').where({ id: f.customerId }).first()) as { customer_number: string };
  return {
    ...f,
    accountNumber: acc.account_number,
    contractNumber: con.contract_number,
    customerNumber: cus.customer_number,
    holder,
    iban,
    mandateId,
  };
}

/** An installment item (receivable / down payments); returns its line id. */
export async function postInstallment(db: Database, a: TestAccount, cents: number, due: string): Promise<string> {
  const doc = await postDocument(db, {
    businessKey: `installment:${a.contractId}:${due}`,
    kind: 'installment',
    contractAccountId: a.contractAccountId,
    postingDate: due,
    text: `Abschlag ${due.slice(5, 7)}/${due.slice(0, 4)}`,
    lines: [
      {
        glAccount: 'receivable',
        itemType: 'installment',
        amountCents: cents,
        contractId: a.contractId,
        dueDate: due,
        text: `Abschlag ${due.slice(5, 7)}/${due.slice(0, 4)}`,
      },
      { glAccount: 'down_payments', amountCents: -cents, contractId: a.contractId, text: 'Abschlag' },
    ],
  });
  return doc.lines[0].id;
}

/** A bill with a bills row (so its number and RF reference are known); positive = due, negative = credit. */
export async function postBill(
  db: Database,
  a: TestAccount,
  billNumber: string,
  cents: number,
  billDate: string,
  due: string,
): Promise<string> {
  const doc = await postDocument(db, {
    businessKey: `bill:${a.contractId}:${billNumber}`,
    kind: 'bill',
    contractAccountId: a.contractAccountId,
    postingDate: billDate,
    reference: billNumber,
    text: `Jahresabrechnung ${billNumber}`,
    lines: [
      {
        glAccount: 'receivable',
        itemType: cents > 0 ? 'bill' : 'credit',
        amountCents: cents,
        contractId: a.contractId,
        dueDate: due,
        text: cents > 0 ? `Rechnung ${billNumber}` : `Guthaben aus Rechnung ${billNumber}`,
      },
      { glAccount: 'revenue', amountCents: -cents, contractId: a.contractId, text: 'Erlös' },
    ],
  });
  await db('bills').insert({
    bill_number: billNumber,
    business_key: `bill:${a.contractId}:${billNumber}`,
    contract_id: a.contractId,
    contract_account_id: a.contractAccountId,
    kind: 'annual',
    period_start: '2025-01-01',
    period_end: '2025-12-31',
    bill_date: billDate,
    net_cents: cents,
    vat_cents: 0,
    gross_cents: cents,
    installments_cents: 0,
    amount_due_cents: cents,
    due_date: due,
    ledger_document_id: doc.id,
    calculation: JSON.stringify({}),
  });
  return doc.lines[0].id;
}

export interface CamtTx {
  amount: number;
  e2e?: string;
  name?: string;
  iban?: string;
  ustrd?: string;
  rf?: string;
  returnReason?: string;
  charges?: number;
}

export interface CamtEntry {
  ref: string;
  cd: 'CRDT' | 'DBIT';
  /** Domain/family/sub-family, e.g. PMNT/RCDT/ESCT. */
  code: string;
  date?: string;
  txs: CamtTx[];
}

const esc = (v: string) => v.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** A camt.053.001.08 statement of our account. */
export function camt053(messageId: string, entries: CamtEntry[], ownIban = 'DE02370502990000684712'): string {
  const amt = (c: number) => `<Amt Ccy="EUR">${formatAmount(c)}</Amt>`;
  const party = (role: 'Dbtr' | 'Cdtr', name?: string, iban?: string) =>
    (name ? `<${role}><Pty><Nm>${esc(name)}</Nm></Pty></${role}>` : '') +
    (iban ? `<${role}Acct><Id><IBAN>${iban}</IBAN></Id></${role}Acct>` : '');
  const body = entries.map((e) => {
    const total = e.txs.reduce((s, t) => s + t.amount + (t.charges ?? 0), 0);
    const [d, f, s] = e.code.split('/');
    const isReturn = e.txs.some((t) => t.returnReason);
    const txs = e.txs.map((t, i) => {
      const parties =
        e.cd === 'CRDT' || t.returnReason
          ? party('Dbtr', t.name, t.iban) + (t.returnReason ? party('Cdtr', 'Rheinstrom Energie GmbH', ownIban) : '')
          : party('Cdtr', t.name, t.iban);
      const charges = t.charges
        ? `<Chrgs><TtlChrgsAndTaxAmt Ccy="EUR">${formatAmount(t.charges)}</TtlChrgsAndTaxAmt><Rcrd>${amt(t.charges)}<CdtDbtInd>DBIT</CdtDbtInd></Rcrd></Chrgs>`
        : '';
      const rmt =
        t.ustrd || t.rf
          ? `<RmtInf>${t.ustrd ? `<Ustrd>${esc(t.ustrd)}</Ustrd>` : ''}${
              t.rf
                ? `<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>ISO</Issr></Tp><Ref>${t.rf}</Ref></CdtrRefInf></Strd>`
                : ''
            }</RmtInf>`
          : '';
      const rtr = t.returnReason ? `<RtrInf><Rsn><Cd>${t.returnReason}</Cd></Rsn></RtrInf>` : '';
      return (
        `<TxDtls><Refs><AcctSvcrRef>${e.ref}-${i + 1}</AcctSvcrRef><EndToEndId>${t.e2e ?? 'NOTPROVIDED'}</EndToEndId></Refs>` +
        `${amt(t.amount)}<CdtDbtInd>${e.cd}</CdtDbtInd>${charges}${parties ? `<RltdPties>${parties}</RltdPties>` : ''}${rmt}${rtr}</TxDtls>`
      );
    });
    const date = e.date ?? '2026-03-02';
    return (
      `<Ntry><NtryRef>${e.ref}</NtryRef>${amt(total)}<CdtDbtInd>${e.cd}</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>` +
      `<BookgDt><Dt>${date}</Dt></BookgDt><ValDt><Dt>${date}</Dt></ValDt><AcctSvcrRef>${e.ref}</AcctSvcrRef>` +
      `<BkTxCd><Domn><Cd>${d}</Cd><Fmly><Cd>${f}</Cd><SubFmlyCd>${s}</SubFmlyCd></Fmly></Domn>${isReturn ? '<Prtry><Cd>NDDT+109</Cd><Issr>DK</Issr></Prtry>' : ''}</BkTxCd>` +
      `<NtryDtls>${e.txs.length > 1 ? `<Btch><NbOfTxs>${e.txs.length}</NbOfTxs></Btch>` : ''}${txs.join('')}</NtryDtls></Ntry>`
    );
  });
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>` +
    `<GrpHdr><MsgId>${messageId}</MsgId><CreDtTm>2026-03-02T22:00:00+01:00</CreDtTm></GrpHdr>` +
    `<Stmt><Id>${messageId}-1</Id><CreDtTm>2026-03-02T22:00:00+01:00</CreDtTm><Acct><Id><IBAN>${ownIban}</IBAN></Id><Ccy>EUR</Ccy></Acct>` +
    `${body.join('\n')}</Stmt></BkToCstmrStmt></Document>\n`
  );
}
