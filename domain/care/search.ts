/**
 * The account screen's one search box: a customer by name, customer number, contract account number,
 * contract number or id, meter number, IBAN (with or without spaces, any case), order number
 * ("A-1B2C3D4E") or order id. Every lookup uses an index (db/migrations/017_care_search.ts): exact
 * numbers and ids in one query, names as lower-case prefixes.
 */
import type { Database } from '../../db';
import type { PostalAddress } from '../contracts';
import { isoDate } from '../shared/dates';
import { jsonColumn } from '../shared/db';

export type MatchedBy = 'customerNumber' | 'accountNumber' | 'contract' | 'meter' | 'iban' | 'order' | 'customerId' | 'name';

export interface CustomerHit {
  customerId: string;
  customerNumber: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  email: string;
  address: PostalAddress;
  /** What the query matched: the first of the customer's matches. */
  matchedBy: MatchedBy;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IBAN = /^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/;
const ORDER_NUMBER = /^A-?([0-9A-F]{8})$/i;
export const MIN_QUERY_LENGTH = 2;
const DEFAULT_LIMIT = 20;

/** `%`, `_` and `\` stand for themselves in a LIKE prefix. */
const likePrefix = (s: string) => `${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function searchCustomers(db: Database, query: string, limit = DEFAULT_LIMIT): Promise<CustomerHit[]> {
  const q = query.trim().replace(/\s+/g, ' ');
  if (q.length < MIN_QUERY_LENGTH) return [];
  const matches = [...(await exactMatches(db, q)), ...(await nameMatches(db, q, limit))];
  const firstMatch = new Map<string, MatchedBy>();
  for (const m of matches) if (!firstMatch.has(m.customer_id)) firstMatch.set(m.customer_id, m.matched_by);
  if (firstMatch.size === 0) return [];
  const rows = (await db('customers')
    .whereIn('id', [...firstMatch.keys()].slice(0, limit))
    .select('id', 'customer_number', 'first_name', 'last_name', 'birth_date', 'email', 'address')) as Array<Record<string, any>>;
  const order = [...firstMatch.keys()];
  return rows
    .map((r) => ({
      customerId: r.id as string,
      customerNumber: r.customer_number as string,
      firstName: r.first_name as string,
      lastName: r.last_name as string,
      birthDate: isoDate(r.birth_date),
      email: r.email as string,
      address: jsonColumn<PostalAddress>(r.address),
      matchedBy: firstMatch.get(r.id as string)!,
    }))
    .sort((a, b) => order.indexOf(a.customerId) - order.indexOf(b.customerId));
}

interface Match {
  customer_id: string;
  matched_by: MatchedBy;
}

/** Numbers, ids and IBANs: one statement, each branch an index lookup. */
async function exactMatches(db: Database, q: string): Promise<Match[]> {
  const compact = q.replace(/ /g, '');
  const branches: string[] = [];
  const bindings: string[] = [];
  // Branches name their columns (id, match) in this order; the wrapper names them for every branch.
  const add = (sql: string, ...values: string[]) => {
    branches.push(`SELECT * FROM (${sql}) AS b(customer_id, matched_by)`);
    bindings.push(...values);
  };
  if (!q.includes(' ')) {
    // Numbers as typed and upper-case ("k123" finds "K123").
    const both = [q, q.toUpperCase()];
    add(`SELECT id, 'customerNumber' FROM customers WHERE customer_number IN (?, ?)`, ...both);
    add(`SELECT customer_id, 'accountNumber' FROM contract_accounts WHERE account_number IN (?, ?)`, ...both);
    add(`SELECT customer_id, 'contract' FROM contracts WHERE contract_number IN (?, ?)`, ...both);
    add(`SELECT c.customer_id, 'meter' FROM meters m JOIN contracts c ON c.meter_id = m.id WHERE m.meter_number IN (?, ?)`, ...both);
  }
  if (IBAN.test(compact.toUpperCase()))
    add(
      `SELECT a.customer_id, 'iban' FROM sepa_mandates s JOIN contract_accounts a ON a.id = s.contract_account_id
       WHERE upper(replace(s.iban, ' ', '')) = ?`,
      compact.toUpperCase(),
    );
  if (UUID.test(q)) {
    const id = q.toLowerCase();
    add(`SELECT id, 'customerId' FROM customers WHERE id = ?`, id);
    add(`SELECT customer_id, 'contract' FROM contracts WHERE id = ?`, id);
    add(`SELECT customer_id, 'order' FROM contracts WHERE order_id = ?`, id);
    add(`SELECT id, 'order' FROM customers WHERE created_by_order_id = ?`, id);
  }
  const orderNumber = ORDER_NUMBER.exec(compact);
  if (orderNumber) {
    // The order number is the id's first eight hex digits: a range of the primary key.
    const prefix = orderNumber[1].toLowerCase();
    add(
      `SELECT c.customer_id, 'order' FROM orders o JOIN contracts c ON c.order_id = o.id
       WHERE o.id BETWEEN ?::uuid AND ?::uuid`,
      `${prefix}-0000-0000-0000-000000000000`,
      `${prefix}-ffff-ffff-ffff-ffffffffffff`,
    );
  }
  if (branches.length === 0) return [];
  const result = await db.raw(branches.join('\nUNION ALL\n'), bindings);
  return (result.rows ?? result) as Match[];
}

/** "Mustermann", "Erika Must", "Mustermann Erika", "Mustermann, Erika": lower-case prefixes of the indexed name forms. */
async function nameMatches(db: Database, q: string, limit: number): Promise<Match[]> {
  if (!/\p{L}/u.test(q)) return [];
  const words = q.toLowerCase().replace(/,/g, ' ').split(' ').filter(Boolean);
  const text = words.join(' ');
  const rows = (await db('customers')
    .where((w) => {
      w.whereRaw(`lower(last_name) LIKE ?`, [likePrefix(text)]).orWhereRaw(`lower(first_name || ' ' || last_name) LIKE ?`, [
        likePrefix(text),
      ]);
      // "Mustermann Erika": the last name first.
      if (words.length > 1)
        w.orWhereRaw(`lower(first_name || ' ' || last_name) LIKE ?`, [likePrefix(`${words.slice(1).join(' ')} ${words[0]}`)]);
    })
    .orderBy(['last_name', 'first_name', 'customer_number'])
    .limit(limit)
    .select('id')) as Array<{ id: string }>;
  return rows.map((r) => ({ customer_id: r.id, matched_by: 'name' as const }));
}
