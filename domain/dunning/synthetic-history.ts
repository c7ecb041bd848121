/**
 * A synthetic but plausible payment history, for the propensity tests and bench:dunning. Not part
 * of the runtime API. Each account gets a hidden payer type (reliable, occasionally late, in
 * difficulties) that stays with it, monthly installments due on the 15th, payments on time or
 * late (or never), returned direct debits, and for items well past due a closed dunning case
 * with its notices (champion or challenger variant). Seeded: the same seed, the same history.
 *
 * Everything goes through the ledger (postDocuments, clearMany), so the database checks hold.
 */
import type { Database } from '../../db';
import { clearMany, postDocuments, type ClearingInput, type DocumentInput } from '../ledger';
import { seededRandom } from '../payments/camt/generate';
import { addDays, addMonths, daysBetween, minDate, type IsoDate } from '../shared/dates';

export interface SyntheticHistoryOptions {
  accounts: number;
  /** First due date; one installment a month after it. */
  start: IsoDate;
  months: number;
  /** Payments after this day are not booked (the history ends here). */
  horizon: IsoDate;
  seed?: number;
  /** Prefix of numbers and business keys, so that several histories fit one database. */
  tag?: string;
  /** Accounts per batch of postings. */
  batch?: number;
}

export interface SyntheticHistory {
  accountIds: string[];
  /** The hidden payer type of each account (index into PAYER_TYPES), for an oracle to compare with. */
  payerTypes: number[];
  items: number;
  payments: number;
  returns: number;
  cases: number;
  notices: number;
}

export interface PayerType {
  share: number;
  /** Chance an item is paid late, and how late (days, uniform), and the chance it is never paid. */
  late: number;
  lateDays: [number, number];
  never: number;
  returns: number;
}

// Shares and rates chosen to look like a utility's book: most pay by direct debit on time.
export const PAYER_TYPES: PayerType[] = [
  { share: 0.72, late: 0.04, lateDays: [2, 20], never: 0.0, returns: 0.005 },
  { share: 0.2, late: 0.3, lateDays: [5, 45], never: 0.03, returns: 0.03 },
  { share: 0.08, late: 0.7, lateDays: [15, 120], never: 0.25, returns: 0.1 },
];

export async function generatePaymentHistory(db: Database, opts: SyntheticHistoryOptions): Promise<SyntheticHistory> {
  const rnd = seededRandom(opts.seed ?? 42);
  const tag = opts.tag ?? 'syn';
  const batch = opts.batch ?? 500;
  const out: SyntheticHistory = { accountIds: [], payerTypes: [], items: 0, payments: 0, returns: 0, cases: 0, notices: 0 };
  let caseNo = 0;
  for (let first = 0; first < opts.accounts; first += batch) {
    const count = Math.min(batch, opts.accounts - first);
    const address = JSON.stringify({ street: 'Rheinallee', houseNumber: '1', postalCode: '50667', city: 'Köln' });
    const customers = (await db('customers')
      .insert(
        Array.from({ length: count }, (_, i) => ({
          customer_number: `${tag}-K${first + i}`,
          first_name: 'Erika',
          last_name: `Muster${first + i}`,
          birth_date: '1980-05-17',
          email: `${tag}.${first + i}@example.org`,
          address,
          person_key: `${tag}-p${first + i}`,
          address_key: `${tag}-a${first + i}`,
        })),
      )
      .returning('id')) as Array<{ id: string }>;
    const accounts = (await db('contract_accounts')
      .insert(
        customers.map((c, i) => ({
          account_number: `${tag}-${first + i}`,
          customer_id: c.id,
          payment_method: 'sepa_direct_debit',
          billing_address: address,
        })),
      )
      .returning('id')) as Array<{ id: string }>;

    const docs: DocumentInput[] = [];
    // Per item: when it is paid (null: never within the horizon) and its key.
    const plans: Array<{ account: string; key: string; cents: number; due: IsoDate; paidOn: IsoDate | null; late: number }> = [];
    for (const { id: account } of accounts) {
      out.accountIds.push(account);
      const u = rnd();
      const typeIndex = u < PAYER_TYPES[0].share ? 0 : u < PAYER_TYPES[0].share + PAYER_TYPES[1].share ? 1 : 2;
      const type = PAYER_TYPES[typeIndex];
      out.payerTypes.push(typeIndex);
      const cents = 5000 + Math.floor(rnd() * 150) * 100;
      for (let m = 0; m < opts.months; m++) {
        const due = addMonths(opts.start, m);
        if (due > opts.horizon) break;
        const returned = rnd() < type.returns;
        const itemType = returned ? 'return' : 'installment';
        const key = `${tag}:${itemType}:${account}:${m}`;
        docs.push({
          businessKey: key,
          kind: returned ? 'return' : 'installment',
          contractAccountId: account,
          postingDate: due,
          text: returned ? 'Rücklastschrift' : `Abschlag ${due}`,
          lines: [
            { glAccount: 'receivable', itemType, amountCents: cents, dueDate: due, text: returned ? 'Rücklastschrift' : 'Abschlag' },
            { glAccount: returned ? 'bank' : 'down_payments', amountCents: -cents, text: 'Gegenbuchung' },
          ],
        });
        const isLate = rnd() < type.late;
        const never = isLate && rnd() < type.never;
        const late = isLate ? type.lateDays[0] + Math.floor(rnd() * (type.lateDays[1] - type.lateDays[0] + 1)) : 0;
        const paidOn = never ? null : addDays(due, late);
        plans.push({ account, key, cents, due, paidOn: paidOn && paidOn <= opts.horizon ? paidOn : null, late });
        out.items += 1;
        if (returned) out.returns += 1;
      }
    }
    const posted = await postInChunks(db, docs);
    const lineOf = new Map(posted.map((d) => [d.businessKey, d.lines[0].id]));

    const payments: DocumentInput[] = plans
      .filter((p) => p.paidOn)
      .map((p) => ({
        businessKey: `${p.key}:payment`,
        kind: 'payment',
        contractAccountId: p.account,
        postingDate: p.paidOn!,
        text: 'Zahlung',
        lines: [
          { glAccount: 'bank', amountCents: p.cents, text: 'Bank' },
          { glAccount: 'receivable', itemType: 'payment', amountCents: -p.cents, text: 'Zahlung' },
        ],
      }));
    const paid = await postInChunks(db, payments);
    const clearings: ClearingInput[] = paid.map((d) => {
      const key = d.businessKey.slice(0, -':payment'.length);
      return {
        businessKey: `${key}:clearing`,
        contractAccountId: d.contractAccountId!,
        clearingDate: d.postingDate,
        reason: 'Zahlung',
        allocations: [
          { lineId: lineOf.get(key)!, amountCents: d.lines[0].amountCents },
          { lineId: d.lines[1].id, amountCents: -d.lines[0].amountCents },
        ],
      };
    });
    await clearMany(db, clearings);
    out.payments += paid.length;

    // Items more than two weeks late had a dunning case: a notice at day 14, another at day 28.
    const cases = plans.filter((p) => (p.paidOn ? p.late > 14 : daysBetween(p.due, opts.horizon) > 14));
    if (cases.length) {
      const rows = cases.map((p) => {
        const opened = addDays(p.due, 7);
        const closed = p.paidOn ?? minDate(addDays(p.due, 150), opts.horizon);
        caseNo += 1;
        return {
          case_number: `${tag}-M${caseNo}`,
          contract_account_id: p.account,
          status: 'closed',
          cause: 'overdue',
          procedure: 'standard',
          variant: rnd() < 0.2 ? 'challenger' : 'champion',
          level: (p.paidOn ? p.late : daysBetween(p.due, opts.horizon)) > 28 ? 2 : 1,
          opened_cents: p.cents,
          opened_on: opened,
          closed_on: closed < opened ? opened : closed,
          close_reason: p.paidOn ? 'paid' : 'written_off',
        };
      });
      const inserted = (await db('dunning_cases')
        .insert(rows)
        .returning(['id', 'level', 'opened_on', 'variant', 'opened_cents', 'closed_on'])) as Array<{
        id: string;
        level: number;
        opened_on: Date | string;
        variant: string;
        opened_cents: string;
        closed_on: Date | string;
      }>;
      const notices = inserted.flatMap((c, i) =>
        Array.from({ length: c.level }, (_, l) => ({
          business_key: `${tag}:notice:${c.id}:${l + 1}`,
          case_id: c.id,
          level: l + 1,
          // The challenger writes e-mails first; the champion sends letters.
          channel: c.variant === 'challenger' && l === 0 ? 'email' : 'letter',
          sent_on: addDays(cases[i].due, 14 * (l + 1)),
          open_cents: cases[i].cents,
        })),
      );
      for (let i = 0; i < notices.length; i += 1000) await db('dunning_notices').insert(notices.slice(i, i + 1000));
      out.cases += rows.length;
      out.notices += notices.length;
    }
  }
  return out;
}

/** postDocuments binds 8 values per document: stay below PostgreSQL's 65,535 parameters. */
async function postInChunks(db: Database, docs: DocumentInput[]) {
  const out = [];
  for (let i = 0; i < docs.length; i += 5000) out.push(...(await postDocuments(db, docs.slice(i, i + 5000))));
  return out;
}

/**
 * What the hidden type alone says: the chance that an item overdue after its due date is paid
 * within `days` (never-payers excluded, lateness uniform over the type's range). A ranking by it
 * is the best any model of the observable history could hope for.
 */
export function oracleProbability(type: PayerType, days: number): number {
  const [lo, hi] = type.lateDays;
  const withinDays = Math.min(1, Math.max(0, (days - lo + 1) / (hi - lo + 1)));
  return (1 - type.never) * withinDays;
}
