/**
 * Champion/challenger figures per dunning procedure and variant (dunning_cases.procedure,
 * .variant), so an analyst sees whether the challenger earns its place:
 * - realisation rate: cases closed as paid among the closed cases (and among all cases);
 * - average days from opening to payment of the paid cases;
 * - cost: letters sent × the letter cost (DUNNING_LETTER_COST_CENTS) plus the dunning fees given
 *   up (fee items of the case reversed or written off).
 * Cases count by the day they were opened, so a period compares cohorts.
 */
import { descriptors } from '../../config/settings';
import type { Database } from '../../db';
import type { Cents } from '../money';
import type { IsoDate } from '../shared/dates';
import { toCents } from '../shared/db';

export interface StrategyRow {
  procedure: string | null;
  variant: string | null;
  cases: number;
  closed: number;
  paid: number;
  /** paid / closed; null with nothing closed. */
  realisationRate: number | null;
  /** paid / all cases; null with no case. */
  paidShareOfAll: number | null;
  avgDaysToPayment: number | null;
  openedCents: Cents;
  lettersSent: number;
  letterCostCents: Cents;
  feesWaivedCents: Cents;
  costCents: Cents;
  /** costCents / cases; null with no case. */
  costPerCaseCents: number | null;
}

export interface StrategyStatsOptions {
  /** Cases opened on or after this day. */
  from?: IsoDate;
  /** Cases opened on or before this day. */
  to?: IsoDate;
  /** DUNNING_LETTER_COST_CENTS. */
  letterCostCents?: Cents;
}

export async function strategyStats(db: Database, options: StrategyStatsOptions = {}): Promise<StrategyRow[]> {
  const letterCost = options.letterCostCents ?? descriptors.dunningLetterCostCents.default;
  const where: string[] = [];
  const bindings: string[] = [];
  if (options.from) {
    where.push('dc.opened_on >= ?::date');
    bindings.push(options.from);
  }
  if (options.to) {
    where.push('dc.opened_on <= ?::date');
    bindings.push(options.to);
  }
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const result = (await db.raw(
    `WITH cases AS (SELECT dc.* FROM dunning_cases dc ${filter}),
     letters AS (
       SELECT n.case_id, count(*) AS n FROM dunning_notices n JOIN cases c ON c.id = n.case_id WHERE n.channel = 'letter' GROUP BY n.case_id
     ),
     -- The dunning fee of a level is keyed dunning-fee:<case>:<level> (domain/dunning/notices.ts).
     fees AS (
       SELECT d.id AS document_id, substr(d.business_key, 13, 36) AS case_id, l.id AS line_id, l.amount_cents
       FROM ledger_documents d JOIN ledger_lines l ON l.document_id = d.id AND l.gl_account = 'receivable'
       WHERE d.kind = 'fee' AND d.business_key LIKE 'dunning-fee:%'
     ),
     write_offs AS (
       SELECT DISTINCT a.clearing_id FROM clearing_allocations a JOIN ledger_lines l ON l.id = a.line_id WHERE l.item_type = 'write_off'
     ),
     waived AS (
       SELECT f.case_id,
         sum(CASE WHEN EXISTS (SELECT 1 FROM ledger_documents r WHERE r.reverses_document_id = f.document_id) THEN f.amount_cents
                  ELSE COALESCE((SELECT sum(a.amount_cents) FROM clearing_allocations a JOIN write_offs w ON w.clearing_id = a.clearing_id
                                 WHERE a.line_id = f.line_id), 0) END) AS cents
       FROM fees f GROUP BY f.case_id
     )
     SELECT c.procedure, c.variant,
       count(*) AS cases,
       count(*) FILTER (WHERE c.status = 'closed') AS closed,
       count(*) FILTER (WHERE c.status = 'closed' AND c.close_reason = 'paid') AS paid,
       avg(c.closed_on - c.opened_on) FILTER (WHERE c.status = 'closed' AND c.close_reason = 'paid') AS avg_days,
       COALESCE(sum(c.opened_cents), 0) AS opened_cents,
       COALESCE(sum(l.n), 0) AS letters,
       COALESCE(sum(w.cents), 0) AS waived
     FROM cases c
     LEFT JOIN letters l ON l.case_id = c.id
     LEFT JOIN waived w ON w.case_id = c.id::text
     GROUP BY c.procedure, c.variant
     ORDER BY c.procedure NULLS LAST, c.variant NULLS LAST`,
    bindings,
  )) as {
    rows: Array<{
      procedure: string | null;
      variant: string | null;
      cases: string | number;
      closed: string | number;
      paid: string | number;
      avg_days: string | null;
      opened_cents: string | number;
      letters: string | number;
      waived: string | number;
    }>;
  };
  return result.rows.map((r) => {
    const cases = Number(r.cases);
    const closed = Number(r.closed);
    const paid = Number(r.paid);
    const lettersSent = Number(r.letters);
    const letterCostCents = lettersSent * letterCost;
    const feesWaivedCents = toCents(r.waived);
    const costCents = letterCostCents + feesWaivedCents;
    return {
      procedure: r.procedure,
      variant: r.variant,
      cases,
      closed,
      paid,
      realisationRate: closed ? paid / closed : null,
      paidShareOfAll: cases ? paid / cases : null,
      avgDaysToPayment: r.avg_days === null ? null : Number(r.avg_days),
      openedCents: toCents(r.opened_cents),
      lettersSent,
      letterCostCents,
      feesWaivedCents,
      costCents,
      costPerCaseCents: cases ? costCents / cases : null,
    };
  });
}
