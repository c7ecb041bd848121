/**
 * The two readings a bill is made of. Start: the latest valid reading on or before the period
 * start (the move-in reading, or the previous bill's end). End: a valid reading within two weeks of
 * the period end; one not on that day is projected to it by the expected daily consumption, and the
 * bill then calls it estimated (rechnerisch ermittelt), as §40 EnWG asks the bill to say.
 */
import Decimal from 'decimal.js';
import type { Database } from '../../db';
import { loadContract } from '../contracts';
import { latestReading, readingKindOf, readingsBetween, type MeterReading } from '../readings';
import { addDays, daysBetween } from '../shared/dates';
import { BillingError } from './calculate';
import type { ReadingUsed } from './types';

const WINDOW_DAYS = 14;

export async function hasEndReading(db: Database, contractId: string, periodEnd: string): Promise<boolean> {
  return (await endReadingOf(db, contractId, periodEnd)) !== undefined;
}

async function endReadingOf(db: Database, contractId: string, periodEnd: string): Promise<MeterReading | undefined> {
  const near = await readingsBetween(db, contractId, addDays(periodEnd, -WINDOW_DAYS), addDays(periodEnd, WINDOW_DAYS));
  // The reading nearest to the period end; on a tie the earlier one.
  return near.sort((a, b) => Math.abs(daysBetween(a.readingDate, periodEnd)) - Math.abs(daysBetween(b.readingDate, periodEnd)))[0];
}

export async function findBillReadings(
  db: Database,
  contractId: string,
  periodEnd: string,
): Promise<{ start: ReadingUsed; end: ReadingUsed }> {
  const contract = await loadContract(db, contractId);
  const periodStart = contract.billingPeriodStart ?? contract.startDate;
  if (!periodStart) throw new BillingError('startDate', `Vertrag ${contract.contractNumber} hat keinen Lieferbeginn`);
  const meterNumber = contract.meter?.meterNumber ?? '';
  const start = await latestReading(db, contractId, periodStart);
  if (!start) throw new BillingError('readings.start', `Vertrag ${contract.contractNumber}: kein Zählerstand zum Beginn ${periodStart}`);
  const end = await endReadingOf(db, contractId, periodEnd);
  if (!end) throw new BillingError('readings.end', `Vertrag ${contract.contractNumber}: kein Zählerstand zum Ende ${periodEnd}`);
  const daily = new Decimal(contract.annualConsumptionKwh).dividedBy(365);
  const offset = daysBetween(end.readingDate, periodEnd);
  const endValue =
    offset === 0 ? end.valueKwh : new Decimal(end.valueKwh).plus(daily.times(offset)).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toFixed(3);
  return {
    start: { meterNumber, date: start.readingDate, valueKwh: start.valueKwh, kind: readingKindOf(start.source) },
    end: { meterNumber, date: periodEnd, valueKwh: endValue, kind: offset === 0 ? readingKindOf(end.source) : 'estimated' },
  };
}
