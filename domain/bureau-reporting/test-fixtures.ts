/**
 * Test rows for bureau reporting: an account with an overdue bill item and a dunning case with its
 * notices, written straight into the dunning tables (the dunning process is not needed to test
 * what gets reported), and the ledger changes that make a reported claim change.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../../db';
import { clearAccount, postDocument } from '../ledger';
import { insertContract } from '../shared/test-fixtures';

/** The debtor of the test claims (the contract fixture's customer). */
export const testDebtor = {
  firstName: 'Erika',
  lastName: 'Mustermann',
  birthDate: '1980-05-17',
  street: 'Rheinallee',
  houseNumber: '1',
  postalCode: '50667',
  city: 'Köln',
  country: 'DE',
};

export interface SeededClaim {
  contractAccountId: string;
  accountNumber: string;
  caseId: string;
  caseNumber: string;
  /** The overdue bill item. */
  lineId: string;
}

export interface ClaimSeed {
  amountCents?: number;
  dueDate?: string;
  /** Written notices (level 1, 2, …) on these days; a friendly reminder (level 0) goes before. */
  noticeDays: string[];
  /** The first written notice told the customer that a report may follow (default true). */
  warning?: boolean;
  caseStatus?: string;
}

export async function seedClaim(db: Database, seed: ClaimSeed): Promise<SeededClaim> {
  const tag = randomUUID().slice(0, 8);
  const { contractAccountId } = await insertContract(db);
  const account = (await db('contract_accounts').where({ id: contractAccountId }).first('account_number')) as { account_number: string };
  const amount = seed.amountCents ?? 12_345;
  const due = seed.dueDate ?? '2026-08-31';
  const bill = await postDocument(db, {
    businessKey: `test-bill:${tag}`,
    kind: 'bill',
    contractAccountId,
    postingDate: due,
    text: 'Jahresabrechnung',
    lines: [
      { glAccount: 'receivable', itemType: 'bill', amountCents: amount, dueDate: due, text: 'Jahresabrechnung' },
      { glAccount: 'revenue', amountCents: -amount, text: 'Erlös' },
    ],
  });
  const [c] = (await db('dunning_cases')
    .insert({
      case_number: `M-${tag}`,
      contract_account_id: contractAccountId,
      status: seed.caseStatus ?? 'open',
      cause: 'overdue',
      level: seed.noticeDays.length,
      opened_cents: amount,
      opened_on: due,
    })
    .returning(['id', 'case_number'])) as { id: string; case_number: string }[];
  await addNotice(db, c.id, 0, due, amount, false);
  for (const [i, day] of seed.noticeDays.entries()) await addNotice(db, c.id, i + 1, day, amount, i === 0 && seed.warning !== false);
  return {
    contractAccountId,
    accountNumber: account.account_number,
    caseId: c.id,
    caseNumber: c.case_number,
    lineId: bill.lines.find((l) => l.glAccount === 'receivable')!.id,
  };
}

export async function addNotice(
  db: Database,
  caseId: string,
  level: number,
  sentOn: string,
  openCents: number,
  warning = false,
): Promise<void> {
  await db('dunning_notices').insert({
    business_key: `dunning-notice:${caseId}:${level}`,
    case_id: caseId,
    level,
    channel: 'letter',
    sent_on: sentOn,
    open_cents: openCents,
    bureau_warning: warning,
  });
}

/** A credit on the account (payment, write-off) against `counter`, cleared against the items. */
async function creditAndClear(
  db: Database,
  claim: SeededClaim,
  kind: 'payment' | 'write_off',
  counter: 'bank' | 'write_off',
  cents: number,
  date: string,
  text: string,
): Promise<void> {
  const key = `test-${kind}:${randomUUID()}`;
  await postDocument(db, {
    businessKey: key,
    kind,
    contractAccountId: claim.contractAccountId,
    postingDate: date,
    text,
    lines: [
      { glAccount: counter, amountCents: cents, text },
      { glAccount: 'receivable', itemType: kind, amountCents: -cents, text },
    ],
  });
  await clearAccount(db, claim.contractAccountId, `clear:${key}`, date);
}

/** A payment of `cents`, cleared against the account's items. */
export const pay = (db: Database, claim: SeededClaim, cents: number, date: string) =>
  creditAndClear(db, claim, 'payment', 'bank', cents, date, 'Zahlung');

/** Writes off what is open (as collection does): a write_off document cleared against the items. */
export const writeOff = (db: Database, claim: SeededClaim, cents: number, date: string) =>
  creditAndClear(db, claim, 'write_off', 'write_off', cents, date, 'Ausbuchung');

/** A dunning fee (or any charge) due on `date`. */
export async function charge(db: Database, claim: SeededClaim, cents: number, date: string): Promise<void> {
  await postDocument(db, {
    businessKey: `test-fee:${randomUUID()}`,
    kind: 'fee',
    contractAccountId: claim.contractAccountId,
    postingDate: date,
    text: 'Mahngebühr',
    lines: [
      { glAccount: 'receivable', itemType: 'fee', amountCents: cents, dueDate: date, text: 'Mahngebühr' },
      { glAccount: 'fee_income', amountCents: -cents, text: 'Mahngebühr' },
    ],
  });
}

/** A dunning block (dispute) on the account, or on one item; resolved at a German noon when given. */
export async function block(db: Database, claim: SeededClaim, opts: { lineId?: string; resolvedOn?: string } = {}): Promise<string> {
  const [row] = (await db('dunning_blocks')
    .insert({
      contract_account_id: claim.contractAccountId,
      line_id: opts.lineId ?? null,
      reason: 'Rechnung bestritten',
      valid_until: '2027-12-31',
      created_by: 'test',
      ...(opts.resolvedOn ? { resolved_at: `${opts.resolvedOn}T12:00:00+01:00`, resolution: 'rejected' } : {}),
    })
    .returning('id')) as { id: string }[];
  return row.id;
}
