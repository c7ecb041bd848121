/**
 * The claims to look at in a run, set-based: every dunning case with enough written notices by
 * the report date that is not closed, and every case reported before (its changes go out as
 * updates). Three queries over the same candidate set (cases, their notices, their blocks), put
 * together in memory; nothing per account.
 */
import type { Knex } from 'knex';
import type { Database } from '../../db';
import { isoDate, type IsoDate } from '../shared/dates';
import { jsonColumn, toCents } from '../shared/db';
import { todayInGermany } from '../orders/dates';
import type { BlockFact, ClaimFacts, ClaimState, ClaimStatus, NoticeFact } from './eligibility';

type Db = Database | Knex.Transaction;

/**
 * The candidate cases; `:rd` the report date, `:min` the written notices needed. Semi-joins and
 * grouped joins rather than correlated subqueries: hash joins stay linear in the number of cases.
 */
const candidates = `
  SELECT dc.* FROM dunning_cases dc
  WHERE (dc.status <> 'closed'
         AND (dc.id IN (SELECT n.case_id FROM dunning_notices n WHERE n.level >= 1 AND n.sent_on <= :rd
                        GROUP BY n.case_id HAVING count(*) >= :min)
              OR dc.id IN (SELECT cc.dunning_case_id FROM collection_cases cc WHERE cc.title_on <= :rd)))
     OR dc.id IN (SELECT r.case_id FROM bureau_report_records r)`;

interface CaseRow {
  id: string;
  case_number: string;
  contract_account_id: string;
  account_number: string;
  status: string;
  close_reason: string | null;
  opened_on: Date | string;
  open_due_cents: string | null;
  open_all_cents: string | null;
  oldest_due_date: Date | string | null;
  written_off_cents: string | null;
  titled_on: Date | string | null;
  first_name: string;
  last_name: string;
  birth_date: Date | string;
  address: unknown;
  billing_address: unknown;
}

interface Address {
  street?: string;
  houseNumber?: string;
  postalCode?: string;
  city?: string;
  country?: string;
}

export async function loadClaims(db: Db, reportDate: IsoDate, minNotices: number): Promise<ClaimFacts[]> {
  const bindings = { rd: reportDate, min: minNotices };
  const cases = (
    await db.raw(
      `WITH c AS MATERIALIZED (${candidates}),
       items AS (
         SELECT o.contract_account_id,
                sum(o.open_cents) FILTER (WHERE o.due_date <= :rd) AS open_due_cents,
                sum(o.open_cents) AS open_all_cents,
                min(o.due_date) FILTER (WHERE o.due_date <= :rd) AS oldest_due_date
         FROM open_items o
         WHERE o.open_cents > 0 AND o.contract_account_id IN (SELECT contract_account_id FROM c)
         GROUP BY o.contract_account_id),
       -- Write-offs since the case opened, net of their reversals.
       written_off AS (
         SELECT c.id AS case_id, -sum(l.amount_cents) AS written_off_cents
         FROM ledger_documents d
         LEFT JOIN ledger_documents orig ON orig.id = d.reverses_document_id
         JOIN ledger_lines l ON l.document_id = d.id AND l.gl_account = 'receivable'
         JOIN c ON c.contract_account_id = d.contract_account_id
         WHERE (d.kind = 'write_off' OR (d.kind = 'reversal' AND orig.kind = 'write_off'))
           AND d.posting_date >= c.opened_on AND d.posting_date <= :rd
         GROUP BY c.id),
       titles AS (
         SELECT cc.dunning_case_id AS case_id, min(cc.title_on) AS titled_on
         FROM collection_cases cc
         WHERE cc.title_kind IS NOT NULL AND cc.dunning_case_id IN (SELECT id FROM c)
         GROUP BY cc.dunning_case_id)
       SELECT c.id, c.case_number, c.contract_account_id, a.account_number, c.status, c.close_reason, c.opened_on,
              cu.first_name, cu.last_name, cu.birth_date, cu.address, a.billing_address,
              items.open_due_cents, items.open_all_cents, items.oldest_due_date,
              written_off.written_off_cents, titles.titled_on
       FROM c
       JOIN contract_accounts a ON a.id = c.contract_account_id
       JOIN customers cu ON cu.id = a.customer_id
       LEFT JOIN items ON items.contract_account_id = c.contract_account_id
       LEFT JOIN written_off ON written_off.case_id = c.id
       LEFT JOIN titles ON titles.case_id = c.id
       ORDER BY c.case_number`,
      bindings,
    )
  ).rows as CaseRow[];
  if (cases.length === 0) return [];

  const notices = (
    await db.raw(
      `WITH c AS MATERIALIZED (${candidates})
       SELECT n.case_id, n.level, n.sent_on, n.bureau_warning FROM dunning_notices n JOIN c ON c.id = n.case_id
       WHERE n.level >= 1 AND n.sent_on <= :rd`,
      bindings,
    )
  ).rows as { case_id: string; level: number; sent_on: Date | string; bureau_warning: boolean }[];

  // Blocks on the whole account or on one of its open items; resolved ones only if they may still
  // count (resolved on or after the report date: the German day is decided below).
  const blocks = (
    await db.raw(
      `WITH c AS MATERIALIZED (${candidates})
       SELECT DISTINCT b.id, b.contract_account_id, b.line_id, b.resolved_at FROM dunning_blocks b
       JOIN c ON c.contract_account_id = b.contract_account_id
       LEFT JOIN open_items o ON o.line_id = b.line_id
       WHERE (b.line_id IS NULL OR o.open_cents > 0)
         AND (b.resolved_at IS NULL OR b.resolved_at >= CAST(:rd AS date) - 1)`,
      bindings,
    )
  ).rows as { contract_account_id: string; line_id: string | null; resolved_at: Date | string | null }[];

  const noticesOf = new Map<string, NoticeFact[]>();
  for (const n of notices) {
    const list = noticesOf.get(n.case_id) ?? [];
    list.push({ level: Number(n.level), sentOn: isoDate(n.sent_on), bureauWarning: n.bureau_warning === true });
    noticesOf.set(n.case_id, list);
  }
  const blocksOf = new Map<string, BlockFact[]>();
  for (const b of blocks) {
    const list = blocksOf.get(b.contract_account_id) ?? [];
    list.push({ lineId: b.line_id, resolvedOn: b.resolved_at === null ? null : todayInGermany(new Date(b.resolved_at)) });
    blocksOf.set(b.contract_account_id, list);
  }

  return cases.map((r) => {
    const address = { ...jsonColumn<Address>(r.address ?? {}), ...jsonColumn<Address>(r.billing_address ?? {}) };
    return {
      caseId: r.id,
      caseNumber: r.case_number,
      contractAccountId: r.contract_account_id,
      accountNumber: r.account_number,
      caseStatus: r.status,
      closeReason: r.close_reason,
      openedOn: isoDate(r.opened_on),
      notices: noticesOf.get(r.id) ?? [],
      openDueCents: r.open_due_cents === null ? 0 : toCents(r.open_due_cents),
      openAllCents: r.open_all_cents === null ? 0 : toCents(r.open_all_cents),
      writtenOffCents: r.written_off_cents === null ? 0 : toCents(r.written_off_cents),
      oldestDueDate: r.oldest_due_date === null ? null : isoDate(r.oldest_due_date),
      titledOn: r.titled_on === null ? null : isoDate(r.titled_on),
      blocks: blocksOf.get(r.contract_account_id) ?? [],
      debtor: {
        firstName: r.first_name,
        lastName: r.last_name,
        birthDate: isoDate(r.birth_date),
        street: address.street ?? '',
        houseNumber: address.houseNumber ?? '',
        postalCode: address.postalCode ?? '',
        city: address.city ?? '',
        country: address.country ?? 'DE',
      },
    };
  });
}

interface StateRow {
  case_id: string;
  bureau: string;
  period: string;
  claim_status: ClaimStatus;
  open_cents: string;
  written_off_cents: string;
  dunning_level: number;
}

/**
 * Per bureau and case: the last state the bureau accepted, and whether this period already has a
 * record (sent or pending). One query over the records.
 */
export async function reportedStates(db: Db, period: string): Promise<{ lastAccepted: Map<string, ClaimState>; inPeriod: Set<string> }> {
  const rows = (
    await db.raw(
      `SELECT DISTINCT ON (r.bureau, r.case_id) r.case_id, r.bureau, r.period, r.claim_status, r.open_cents, r.written_off_cents, r.dunning_level
       FROM bureau_report_records r WHERE r.status = 'accepted'
       ORDER BY r.bureau, r.case_id, r.created_at DESC, r.period DESC`,
    )
  ).rows as StateRow[];
  const lastAccepted = new Map<string, ClaimState>();
  for (const r of rows)
    lastAccepted.set(stateKey(r.bureau, r.case_id), {
      status: r.claim_status,
      openCents: toCents(r.open_cents),
      writtenOffCents: toCents(r.written_off_cents),
      dunningLevel: Number(r.dunning_level),
    });
  const taken = (await db('bureau_report_records').where({ period }).select('bureau', 'case_id')) as { bureau: string; case_id: string }[];
  return { lastAccepted, inPeriod: new Set(taken.map((r) => stateKey(r.bureau, r.case_id))) };
}

export const stateKey = (bureau: string, caseId: string) => `${bureau}:${caseId}`;
