/**
 * The two readings a bill is made of. Start: the latest valid reading on or before the period
 * start (the move-in reading, or the previous bill's end). End: a valid reading within two weeks of
 * the period end; one not on that day is projected to it by the expected daily consumption, and the
 * bill then calls it estimated (rechnerisch ermittelt), as §40 EnWG asks the bill to say.
 *
 * `pickBillReadings` is the rule, pure over readings loaded beforehand: `findBillReadings` loads
 * them for one contract, the bill run (bill-run.ts) for a page of contracts in two queries.
 */
import Decimal from 'decimal.js';
import type { Database } from '../../db';
import { loadContract } from '../contracts';
import { latestReading, readingKindOf, readingsBetween, type MeterReading } from '../readings';
import { addDays, daysBetween } from '../shared/dates';
import { BillingError } from './calculate';
import type { ReadingUsed } from './types';

/** How far from the period end a reading still counts as its end reading. */
export const END_READING_WINDOW_DAYS = 14;

export interface BillReadingsContract {
  contractNumber: string;
  meterNumber: string;
  annualConsumptionKwh: number | string;
}

/** The valid reading nearest to the period end within the window; on a tie the earlier one. */
export function pickEndReading(readings: readonly MeterReading[], periodEnd: string): MeterReading | undefined {
  const from = addDays(periodEnd, -END_READING_WINDOW_DAYS);
  const to = addDays(periodEnd, END_READING_WINDOW_DAYS);
  let best: MeterReading | undefined;
  let bestDistance = Infinity;
  // Readings come oldest first, so keeping the first of equal distance keeps the earlier one.
  for (const r of readings) {
    if (r.readingDate < from || r.readingDate > to) continue;
    const distance = Math.abs(daysBetween(r.readingDate, periodEnd));
    if (distance < bestDistance) {
      best = r;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * The bill's readings: `start` is the latest valid reading on or before the period start (as
 * latestReading finds it), `near` the valid readings around the period end, oldest first (reading
 * date, then recording time); readings outside the window do no harm.
 */
export function pickBillReadings(
  contract: BillReadingsContract,
  periodStart: string,
  periodEnd: string,
  found: { start: MeterReading | undefined; near: readonly MeterReading[] },
): { start: ReadingUsed; end: ReadingUsed } {
  const start = found.start;
  if (!start || start.readingDate > periodStart)
    throw new BillingError('readings.start', `Vertrag ${contract.contractNumber}: kein Zählerstand zum Beginn ${periodStart}`);
  const end = pickEndReading(found.near, periodEnd);
  if (!end) throw new BillingError('readings.end', `Vertrag ${contract.contractNumber}: kein Zählerstand zum Ende ${periodEnd}`);
  const daily = new Decimal(contract.annualConsumptionKwh).dividedBy(365);
  const offset = daysBetween(end.readingDate, periodEnd);
  const endValue =
    offset === 0 ? end.valueKwh : new Decimal(end.valueKwh).plus(daily.times(offset)).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toFixed(3);
  const meterNumber = contract.meterNumber;
  return {
    start: { meterNumber, date: start.readingDate, valueKwh: start.valueKwh, kind: readingKindOf(start.source) },
    end: { meterNumber, date: periodEnd, valueKwh: endValue, kind: offset === 0 ? readingKindOf(end.source) : 'estimated' },
  };
}

export async function hasEndReading(db: Database, contractId: string, periodEnd: string): Promise<boolean> {
  return pickEndReading(await nearEnd(db, contractId, periodEnd), periodEnd) !== undefined;
}

function nearEnd(db: Database, contractId: string, periodEnd: string): Promise<MeterReading[]> {
  return readingsBetween(db, contractId, addDays(periodEnd, -END_READING_WINDOW_DAYS), addDays(periodEnd, END_READING_WINDOW_DAYS));
}

export async function findBillReadings(
  db: Database,
  contractId: string,
  periodEnd: string,
): Promise<{ start: ReadingUsed; end: ReadingUsed }> {
  const contract = await loadContract(db, contractId);
  const periodStart = contract.billingPeriodStart ?? contract.startDate;
  if (!periodStart) throw new BillingError('startDate', `Vertrag ${contract.contractNumber} hat keinen Lieferbeginn`);
  const start = await latestReading(db, contractId, periodStart);
  const near = start ? await nearEnd(db, contractId, periodEnd) : [];
  const about = {
    contractNumber: contract.contractNumber,
    meterNumber: contract.meter?.meterNumber ?? '',
    annualConsumptionKwh: contract.annualConsumptionKwh,
  };
  return pickBillReadings(about, periodStart, periodEnd, { start, near });
}
