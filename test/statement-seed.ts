/**
 * Open items for bank-statement tests, straight through the domain and set-based: customers,
 * contract accounts, contracts and mandates in chunks, installments and bills by postDocuments,
 * then one direct-debit run so the debit items carry the end-to-end ids of their payment orders.
 * Deterministic for a seed. The statement is then generated from loadOpenItemCandidates, i.e. from
 * exactly what the matcher will see, so the generator's truth names real accounts and lines.
 */
import type { Database } from '../db';
import { postDocuments, type DocumentInput } from '../domain/ledger';
import { chunks } from '../domain/payments/files';
import { createDirectDebitFile, defaultPaymentsConfig, FIRST_NAMES, LAST_NAMES, makeIban, seededRandom } from '../domain/payments';

export interface SeedOptions {
  seed: number;
  accounts: number;
  /** Open items in all (installments and bills), spread over the accounts. */
  items: number;
  /** Share of accounts paying by direct debit (with a mandate). */
  directDebitShare?: number;
  /** Share of items that are bills (with a bills row, so a bill number and its RF reference). */
  billShare?: number;
}

export interface SeedResult {
  accountIds: string[];
  items: number;
  debitOrders: number;
}

export async function seedOpenItems(db: Database, opts: SeedOptions): Promise<SeedResult> {
  const r = seededRandom(opts.seed);
  const tag = `seed${opts.seed}`;
  const used = new Set<string>();
  // Numbers unique by their digits across all kinds: a number typed with a typo must not name another.
  const unique = (prefix: string, n: number) => {
    for (;;) {
      const v = `${prefix}${Array.from({ length: n }, (_, i) => (i === 0 ? 1 + Math.floor(r() * 9) : Math.floor(r() * 10))).join('')}`;
      const key = v.replace(/\D/g, '');
      if (!used.has(key)) {
        used.add(key);
        return v;
      }
    }
  };
  const dd = opts.directDebitShare ?? 0.5;
  const rows = Array.from({ length: opts.accounts }, (_, i) => ({
    i,
    first: FIRST_NAMES[Math.floor(r() * FIRST_NAMES.length)],
    last: LAST_NAMES[Math.floor(r() * LAST_NAMES.length)],
    dd: r() < dd,
  }));
  const address = JSON.stringify({ street: 'Ring', houseNumber: '1', postalCode: '50667', city: 'Köln' });
  const ids: Array<{ account: string; contract: string }> = [];
  for (const part of chunks(rows, 500)) {
    const orders = (await db('orders')
      .insert(part.map(() => ({ payload: '{}', status: 'completed' })))
      .returning('id')) as Array<{ id: string }>;
    const customers = (await db('customers')
      .insert(
        part.map((p) => ({
          customer_number: unique('K', 9),
          first_name: p.first,
          last_name: p.last,
          birth_date: '1970-01-01',
          email: `${tag}-${p.i}@kunde.example`,
          address,
          person_key: `${tag}-p${p.i}`,
          address_key: `${tag}-a${p.i}`,
        })),
      )
      .returning('id')) as Array<{ id: string }>;
    const accounts = (await db('contract_accounts')
      .insert(
        part.map((p, k) => ({
          account_number: unique('4', 11),
          customer_id: customers[k].id,
          payment_method: p.dd ? 'sepa_direct_debit' : 'bank_transfer',
          billing_address: address,
        })),
      )
      .returning('id')) as Array<{ id: string }>;
    const contracts = (await db('contracts')
      .insert(
        part.map((p, k) => ({
          contract_number: unique('V-', 10),
          order_id: orders[k].id,
          customer_id: customers[k].id,
          contract_account_id: accounts[k].id,
          status: 'active',
          tariff_code: 'RHEIN-FIX-24',
          start_date: '2025-01-01',
          annual_consumption_kwh: 3500,
          supply_address: address,
        })),
      )
      .returning('id')) as Array<{ id: string }>;
    const debit = part.map((p, k) => ({ p, k })).filter(({ p }) => p.dd);
    if (debit.length)
      await db('sepa_mandates').insert(
        debit.map(({ p, k }) => ({
          mandate_reference: `M-${tag}-${p.i}`,
          contract_account_id: accounts[k].id,
          iban: makeIban('DE', unique('', 18)),
          account_holder: `${p.first} ${p.last}`,
          signed_date: '2025-01-01',
        })),
      );
    part.forEach((_, k) => ids.push({ account: accounts[k].id, contract: contracts[k].id }));
  }

  const billShare = opts.billShare ?? 0.2;
  const drafts = Array.from({ length: opts.items }, (_, n) => {
    const a = ids[n % opts.accounts];
    const round = Math.floor(n / opts.accounts);
    // Due in the first quarter (so the debit run collects them all), older rounds first.
    const due = `2026-0${1 + Math.min(2, round)}-${String(1 + Math.floor(r() * 27)).padStart(2, '0')}`;
    const cents = r() < 0.7 ? (30 + Math.floor(r() * 130)) * 100 : 1500 + Math.floor(r() * 58000);
    const bill = r() < billShare;
    return { n, a, due, cents, bill, number: bill ? unique('R2026', 8) : unique('A-2026-', 8) };
  });
  const docs: DocumentInput[] = drafts.map((d) =>
    d.bill
      ? {
          businessKey: `${tag}:bill:${d.n}`,
          kind: 'bill',
          contractAccountId: d.a.account,
          postingDate: d.due,
          reference: d.number,
          text: `Jahresabrechnung ${d.number}`,
          lines: [
            {
              glAccount: 'receivable',
              itemType: 'bill',
              amountCents: d.cents,
              contractId: d.a.contract,
              dueDate: d.due,
              text: `Rechnung ${d.number}`,
            },
            { glAccount: 'revenue', amountCents: -d.cents, contractId: d.a.contract, text: 'Erlös' },
          ],
        }
      : {
          businessKey: `${tag}:installment:${d.n}`,
          kind: 'installment',
          contractAccountId: d.a.account,
          postingDate: d.due,
          reference: d.number,
          text: 'Abschlag',
          lines: [
            {
              glAccount: 'receivable',
              itemType: 'installment',
              amountCents: d.cents,
              contractId: d.a.contract,
              dueDate: d.due,
              text: 'Abschlag',
            },
            { glAccount: 'down_payments', amountCents: -d.cents, contractId: d.a.contract, text: 'Abschlag' },
          ],
        },
  );
  for (const part of chunks(
    drafts.map((d, k) => ({ d, doc: docs[k] })),
    2500,
  )) {
    const posted = await postDocuments(
      db,
      part.map((p) => p.doc),
    );
    const byKey = new Map(posted.map((p) => [p.businessKey, p.id]));
    const bills = part.filter((p) => p.d.bill);
    for (const c of chunks(bills, 1000))
      if (c.length)
        await db('bills').insert(
          c.map(({ d, doc }) => ({
            bill_number: d.number,
            business_key: doc.businessKey,
            contract_id: d.a.contract,
            contract_account_id: d.a.account,
            kind: 'annual',
            period_start: '2025-01-01',
            period_end: '2025-12-31',
            bill_date: d.due,
            net_cents: d.cents,
            vat_cents: 0,
            gross_cents: d.cents,
            installments_cents: 0,
            amount_due_cents: d.cents,
            due_date: d.due,
            ledger_document_id: byKey.get(doc.businessKey),
            calculation: JSON.stringify({}),
          })),
        );
  }

  const run = await createDirectDebitFile(db, { runKey: `${tag}:debit-run`, today: '2026-04-01', config: defaultPaymentsConfig });
  return { accountIds: ids.map((i) => i.account), items: opts.items, debitOrders: run.orders };
}
