/**
 * Meter readings in the database. Recording is idempotent by business key (a retried call returns
 * the reading the first one stored). Meter rollover (a counter wrapping to zero) and meter
 * exchanges are out of scope: a value below an earlier valid reading is refused.
 */
import Decimal from 'decimal.js';
import type { Database } from '../../db';
import { isoDate, isValidIsoDate } from '../shared/dates';
import { toDecimalString } from '../shared/db';
import {
  readingSources,
  readingStatuses,
  ReadingError,
  validStatuses,
  type MeterReading,
  type ReadingSource,
  type ReadingStatus,
} from './types';

export interface NewReading {
  contractId: string;
  readingDate: string;
  /** kWh, decimal string, at most 3 decimals. */
  valueKwh: string;
  source: ReadingSource;
  businessKey: string;
  note?: string | null;
  processInstanceKey?: string | null;
}

const kwhPattern = /^\d{1,11}(\.\d{1,3})?$/;

export async function recordReading(db: Database, input: NewReading): Promise<MeterReading> {
  if (typeof input.businessKey !== 'string' || !input.businessKey) throw new ReadingError('businessKey', 'Fachlicher Schlüssel fehlt');
  if (!readingSources.includes(input.source)) throw new ReadingError('source', 'Unbekannte Herkunft des Zählerstands');
  if (!isValidIsoDate(input.readingDate)) throw new ReadingError('readingDate', 'Ablesedatum im Format JJJJ-MM-TT erwartet');
  if (typeof input.valueKwh !== 'string' || !kwhPattern.test(input.valueKwh)) {
    throw new ReadingError('valueKwh', 'Zählerstand als Dezimalzahl ≥ 0 mit höchstens 3 Nachkommastellen erwartet');
  }
  return db.transaction(async (trx) => {
    // The contract row lock serialises readings of one contract, so the order checks below hold.
    const contract = await trx('contracts').where({ id: input.contractId }).forUpdate().first('id', 'meter_id', 'start_date', 'end_date');
    const existing = await trx('meter_readings').where({ business_key: input.businessKey }).first();
    if (existing) return readingFromRow(existing);
    if (!contract) throw new ReadingError('contractId', 'Vertrag nicht gefunden');
    if (!contract.meter_id) throw new ReadingError('contractId', 'Dem Vertrag ist kein Zähler zugeordnet');
    if (!contract.start_date || input.readingDate < isoDate(contract.start_date)) {
      throw new ReadingError('readingDate', 'Das Ablesedatum liegt vor dem Lieferbeginn');
    }
    if (contract.end_date && input.readingDate > isoDate(contract.end_date)) {
      throw new ReadingError('readingDate', 'Das Ablesedatum liegt nach dem Lieferende');
    }
    const valid = () => trx('meter_readings').where({ meter_id: contract.meter_id }).whereIn('status', validStatuses);
    const higherBefore = await valid()
      .where('reading_date', '<', input.readingDate)
      .where('value_kwh', '>', input.valueKwh)
      .first('value_kwh');
    if (higherBefore) {
      throw new ReadingError('valueKwh', `Der Zählerstand ist niedriger als ein früherer (${toDecimalString(higherBefore.value_kwh)} kWh)`);
    }
    const lowerAfter = await valid()
      .where('reading_date', '>', input.readingDate)
      .where('value_kwh', '<', input.valueKwh)
      .first('value_kwh');
    if (lowerAfter) {
      throw new ReadingError('valueKwh', `Der Zählerstand ist höher als ein späterer (${toDecimalString(lowerAfter.value_kwh)} kWh)`);
    }
    const [row] = await trx('meter_readings')
      .insert({
        business_key: input.businessKey,
        meter_id: contract.meter_id,
        contract_id: contract.id,
        reading_date: input.readingDate,
        value_kwh: input.valueKwh,
        source: input.source,
        note: input.note ?? null,
        process_instance_key: input.processInstanceKey ?? null,
      })
      .returning('*');
    return readingFromRow(row);
  });
}

/** The outcome of the plausibility check or a case worker's decision. */
export async function setReadingStatus(db: Database, id: string, status: ReadingStatus, decidedBy?: string): Promise<MeterReading> {
  if (!readingStatuses.includes(status)) throw new ReadingError('status', 'Unbekannter Status');
  const [row] = await db('meter_readings')
    .where({ id })
    .update({ status, ...(decidedBy !== undefined ? { decided_by: decidedBy } : {}) })
    .returning('*');
  if (!row) throw new ReadingError('id', 'Zählerstand nicht gefunden');
  return readingFromRow(row);
}

export async function loadReading(db: Database, id: string): Promise<MeterReading> {
  const row = await db('meter_readings').where({ id }).first();
  if (!row) throw new ReadingError('id', 'Zählerstand nicht gefunden');
  return readingFromRow(row);
}

/** Valid readings of a contract within [from, to], oldest first. */
export async function readingsBetween(db: Database, contractId: string, from: string, to: string): Promise<MeterReading[]> {
  const rows = await db('meter_readings')
    .where({ contract_id: contractId })
    .whereBetween('reading_date', [from, to])
    .whereIn('status', validStatuses)
    .orderBy(['reading_date', 'created_at']);
  return rows.map(readingFromRow);
}

/** The contract's latest reading on or before a date (by default only plausible or accepted ones). */
export async function latestReading(
  db: Database,
  contractId: string,
  onOrBefore: string,
  statuses: readonly ReadingStatus[] = validStatuses,
): Promise<MeterReading | undefined> {
  const row = await db('meter_readings')
    .where({ contract_id: contractId })
    .where('reading_date', '<=', onOrBefore)
    .whereIn('status', statuses)
    .orderBy([
      { column: 'reading_date', order: 'desc' },
      { column: 'created_at', order: 'desc' },
    ])
    .first();
  return row ? readingFromRow(row) : undefined;
}

function readingFromRow(r: Record<string, any>): MeterReading {
  return {
    id: r.id,
    businessKey: r.business_key,
    meterId: r.meter_id,
    contractId: r.contract_id ?? null,
    readingDate: isoDate(r.reading_date),
    valueKwh: new Decimal(r.value_kwh).toFixed(3),
    source: r.source,
    status: r.status,
    note: r.note ?? null,
    decidedBy: r.decided_by ?? null,
  };
}
