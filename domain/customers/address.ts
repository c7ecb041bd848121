/**
 * A customer's postal address, changed through a care case. The check is what the product can
 * know without a postal directory: the German formats (five-digit postal code of an existing
 * region, a house number), and the city against the cities our own customers, contracts and
 * meters already have under the same postal code. The change updates the customer and each of
 * the customer's contract accounts whose billing address was the old address (a billing address
 * kept on purpose elsewhere stays); the supply address of a contract is a move, not this.
 */
import type { Knex } from 'knex';
import type { Database } from '../../db';
import { recordCareEvent } from '../care';
import { addressKey, fold } from '../orders/normalise';
import { jsonColumn } from '../shared/db';

export interface PostalAddressChange {
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
}

export interface FieldProblem {
  field: string;
  message: string;
}

const tidy = (s: string | undefined) =>
  String(s ?? '')
    .normalize('NFC')
    .trim()
    .replace(/\s+/g, ' ');

/** Trimmed, single spaces, the house number's letter in lower case ("12 A" → "12a"). */
export function normaliseAddress(a: PostalAddressChange): PostalAddressChange {
  return {
    street: tidy(a.street),
    houseNumber: tidy(a.houseNumber)
      .replace(/^(\d+)\s+([a-zA-Z])$/, '$1$2')
      .toLowerCase(),
    postalCode: tidy(a.postalCode),
    city: tidy(a.city),
  };
}

/** German formats, pure: the problems name the field as `address.<name>`. */
export function addressFormatProblems(a: PostalAddressChange): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (name: keyof PostalAddressChange, message: string) => problems.push({ field: `address.${name}`, message });
  if (!/^\p{L}[\p{L}\d .'’/-]{1,99}$/u.test(a.street)) add('street', 'Bitte eine Straße angeben (Buchstaben, höchstens 100 Zeichen).');
  // 12, 12a, 12-14, 12/1, 3 b
  if (!/^\d{1,5}\s?[a-z]?(\s?[-/]\s?\d{1,5}\s?[a-z]?)?$/i.test(a.houseNumber))
    add('houseNumber', 'Bitte eine Hausnummer wie 12, 12a oder 12-14 angeben.');
  if (!/^\d{5}$/.test(a.postalCode)) add('postalCode', 'Die Postleitzahl hat fünf Ziffern.');
  // No German postal region starts with 00 (the lowest code is 01001, Dresden).
  else if (a.postalCode.startsWith('00')) add('postalCode', `Die Postleitzahl ${a.postalCode} gibt es in Deutschland nicht.`);
  if (!/^\p{L}[\p{L} .'’()/-]{1,99}$/u.test(a.city)) add('city', 'Bitte einen Ort angeben (Buchstaben, höchstens 100 Zeichen).');
  return problems;
}

/** "Köln-Ehrenfeld", "Köln (Ehrenfeld)" and "KOELN" are one place; "Frankfurt am Main" is "Frankfurt". */
export function cityStem(city: string): string {
  return fold(city)
    .trim()
    .split(/[\s\-(/,]+/)[0];
}

/**
 * The city against the cities known under this postal code. None known: nothing to compare, the
 * address passes. Known and none alike: a problem naming what we know.
 */
export async function cityPlausibilityProblems(db: Database, a: PostalAddressChange): Promise<FieldProblem[]> {
  const known = (await db
    .select('city')
    .from(
      db
        .union(
          [
            db('customers').select(db.raw(`address->>'city' AS city`)).whereRaw(`address->>'postalCode' = ?`, [a.postalCode]).limit(20),
            db('contracts')
              .select(db.raw(`supply_address->>'city' AS city`))
              .whereRaw(`supply_address->>'postalCode' = ?`, [a.postalCode])
              .limit(20),
          ],
          true,
        )
        .as('k'),
    )
    .whereNotNull('city')) as Array<{ city: string }>;
  if (known.length === 0) return [];
  const stem = cityStem(a.city);
  if (known.some((k) => cityStem(k.city) === stem)) return [];
  const names = [...new Set(known.map((k) => k.city))].slice(0, 3).join(', ');
  return [
    { field: 'address.city', message: `Die Postleitzahl ${a.postalCode} gehört nach unseren Daten zu ${names}, nicht zu ${a.city}.` },
  ];
}

/** Format first, then the city (only for a well-formed postal code). */
export async function checkAddress(
  db: Database,
  input: PostalAddressChange,
): Promise<{ address: PostalAddressChange; problems: FieldProblem[] }> {
  const address = normaliseAddress(input);
  const problems = addressFormatProblems(address);
  if (!problems.some((p) => p.field === 'address.postalCode' || p.field === 'address.city'))
    problems.push(...(await cityPlausibilityProblems(db, address)));
  return { address, problems };
}

export interface AddressChangeResult {
  /** False when the customer already had this address (a retried job). */
  changed: boolean;
  before: PostalAddressChange;
  after: PostalAddressChange;
  /** Account numbers whose billing address moved with the customer. */
  accountsUpdated: string[];
}

const sameAddress = (a: PostalAddressChange, b: PostalAddressChange) =>
  addressKey(a) === addressKey(b) && cityStem(a.city) === cityStem(b.city) && a.city === b.city;

/**
 * Sets the customer's address (and the billing address of accounts that had the old one) in one
 * transaction with its audit event. Idempotent: the address already set changes nothing and
 * records nothing.
 */
export async function changeCustomerAddress(
  db: Database,
  input: { customerId: string; address: PostalAddressChange; careCaseId: string; actor: string; validFrom?: string | null },
): Promise<AddressChangeResult> {
  const after = normaliseAddress(input.address);
  return db.transaction(async (trx: Knex.Transaction) => {
    const customer = (await trx('customers').where({ id: input.customerId }).forUpdate().first('id', 'address')) as
      { id: string; address: unknown } | undefined;
    if (!customer) throw new Error(`customer ${input.customerId} not found`);
    const before = jsonColumn<PostalAddressChange>(customer.address);
    if (sameAddress(before, after)) return { changed: false, before, after, accountsUpdated: [] };
    // The stored address keeps other keys it may have (e.g. country).
    const stored = { ...(before as unknown as Record<string, unknown>), ...after };
    await trx('customers')
      .where({ id: customer.id })
      .update({ address: JSON.stringify(stored), address_key: addressKey(after) });
    const accounts = (await trx('contract_accounts')
      .where({ customer_id: customer.id })
      .forUpdate()
      .select('id', 'account_number', 'billing_address')) as Array<{
      id: string;
      account_number: string;
      billing_address: unknown;
    }>;
    const accountsUpdated: string[] = [];
    for (const account of accounts) {
      const billing = jsonColumn<PostalAddressChange | null>(account.billing_address);
      if (billing && billing.street && !sameAddress(billing, before)) continue;
      await trx('contract_accounts')
        .where({ id: account.id })
        .update({ billing_address: JSON.stringify({ ...(billing ?? {}), ...after }) });
      accountsUpdated.push(account.account_number);
    }
    await recordCareEvent(trx, input.careCaseId, {
      actor: input.actor,
      action: 'address-changed',
      detail: { before, after, accountsUpdated, validFrom: input.validFrom ?? null },
    });
    return { changed: true, before, after, accountsUpdated };
  });
}
