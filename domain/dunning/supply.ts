/**
 * The supply-interruption path of basic supply (§19 StromGVV / GasGVV, §41f EnWG): only products
 * flagged for it (tariffs.supply_interruption), only with arrears of at least €100 and at least
 * twice the monthly installment (or a sixth of the annual bill), disputed amounts excluded. The
 * threat goes out 4 weeks ahead, the announcement 8 working days ahead (German public holidays
 * of the configured state), and an avoidance agreement is offered with the threat.
 */
import type { Database } from '../../db';
import { monthsPerInstallment, type Cadence } from '../billing/installments';
import type { Cents } from '../money';
import { addGermanWorkingDays, isGermanWorkingDay, type GermanState } from '../payments/calendar';
import { addDays } from '../shared/dates';
import { toCents } from '../shared/db';
import { assessAccount } from './cases';

export interface SupplyInterruptionRules {
  /** §19 (2) StromGVV: at least €100. */
  minArrearsCents: Cents;
  /** At least this many monthly installments in arrears. */
  minInstallments: number;
  /** Days between the threat and the earliest interruption (4 weeks). */
  threatLeadDays: number;
  /** Working days between the announcement and the interruption (8). */
  announcementWorkingDays: number;
}

export const defaultSupplyRules: SupplyInterruptionRules = {
  minArrearsCents: 10_000,
  minInstallments: 2,
  threatLeadDays: 28,
  announcementWorkingDays: 8,
};

export interface SupplyEligibility {
  eligible: boolean;
  reason: string;
  arrearsCents: Cents;
  monthlyInstallmentCents: Cents;
  /** Set when eligible. */
  threatOn?: string;
  announceOn?: string;
  interruptOn?: string;
}

/** The arrears test, and the dates of the path if it passes (the threat sent today). */
export async function supplyInterruptionCheck(
  db: Database,
  contractAccountId: string,
  today: string,
  opts: { rules: SupplyInterruptionRules; graceDays: number; state: GermanState },
): Promise<SupplyEligibility> {
  const contracts = (await db('contracts as c')
    .join('tariffs as t', 't.code', 'c.tariff_code')
    .leftJoin('installment_plans as p', function () {
      this.on('p.contract_id', 'c.id').andOn('p.status', db.raw('?', ['active']));
    })
    .where('c.contract_account_id', contractAccountId)
    .where('c.status', 'active')
    .select('t.supply_interruption', 'p.amount_cents', 'p.cadence')) as Array<{
    supply_interruption: boolean;
    amount_cents: string | null;
    cadence: Cadence | null;
  }>;
  const basic = contracts.filter((c) => c.supply_interruption);
  const monthly = basic.reduce(
    (s, c) => s + (c.amount_cents ? Math.round(toCents(c.amount_cents) / monthsPerInstallment[c.cadence ?? 'monthly']) : 0),
    0,
  );
  const { overdueCents } = await assessAccount(db, contractAccountId, today, opts.graceDays);
  const base = { arrearsCents: overdueCents, monthlyInstallmentCents: monthly };
  if (basic.length === 0) return { ...base, eligible: false, reason: 'kein Grundversorgungsprodukt mit Sperrpfad' };
  if (overdueCents < opts.rules.minArrearsCents) return { ...base, eligible: false, reason: 'Rückstand unter der Mindesthöhe' };
  if (overdueCents < opts.rules.minInstallments * monthly)
    return { ...base, eligible: false, reason: 'Rückstand unter zwei Monatsabschlägen' };
  return { ...base, eligible: true, reason: 'Voraussetzungen erfüllt', ...supplyInterruptionDates(today, opts.rules, opts.state) };
}

/**
 * The dates of the path: the interruption on the first working day at least `threatLeadDays`
 * after the threat, the announcement `announcementWorkingDays` working days before it.
 */
export function supplyInterruptionDates(
  threatOn: string,
  rules: SupplyInterruptionRules,
  state: GermanState,
): { threatOn: string; announceOn: string; interruptOn: string } {
  let interruptOn = addDays(threatOn, rules.threatLeadDays);
  while (!isGermanWorkingDay(interruptOn, state)) interruptOn = addDays(interruptOn, 1);
  return { threatOn, announceOn: addGermanWorkingDays(interruptOn, -rules.announcementWorkingDays, state), interruptOn };
}
