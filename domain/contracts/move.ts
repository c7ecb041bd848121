/**
 * Move (Umzug): supply ends at the old address and a new contract begins at the new one, for the
 * same customer on the same contract account, with the same tariff, modules, consumption and
 * installment rhythm. The move date is the last day at the old address (its final reading is
 * taken that day); supply at the new address begins the day after.
 *
 * The old contract ends through the move-out path (end of supply, final bill); the new one starts
 * through contract-start (activation on its start date, first installment plan). The new contract
 * is made once per care case (contracts.created_by_care_case_id).
 */
import type { Database } from '../../db';
import { CareError } from '../care/errors';
import { numberFor } from '../orders/repository';
import { addDays, isoDate, isValidIsoDate } from '../shared/dates';
import { toDecimalString } from '../shared/db';
import { endContract, type PostalAddress } from './repository';
import { germanDate } from './termination';

export interface MoveRequest {
  moveDate: string;
  newAddress: PostalAddress;
  newMeterNumber: string;
  /** The old meter's reading on the move date. */
  reading?: { valueKwh: string | number };
  /** The new meter's reading at moving in. */
  newMeterReading?: { valueKwh: string | number };
}

type Row = Record<string, any>;

/** The first day of supply at the new address. */
export const newStartDate = (moveDate: string) => addDays(moveDate, 1);

/** Refuses a move the contract does not allow (CareError naming the field). Reads only. */
export async function checkMove(db: Database, contractId: string, req: MoveRequest, today: string): Promise<void> {
  const c = (await db('contracts').where({ id: contractId }).first()) as Row | undefined;
  if (!c) throw new CareError('not_found', 'Vertrag nicht gefunden', 'contractId');
  if (!isValidIsoDate(req.moveDate)) throw new CareError('invalid', 'Datum im Format JJJJ-MM-TT erwartet', 'moveDate');
  if (c.status !== 'active' || !c.start_date)
    throw new CareError(
      'refused',
      `Ein Umzug ist nur bei einem laufenden Vertrag möglich (Vertrag ${c.contract_number} ist ${c.status})`,
      'contractId',
    );
  const periodStart = isoDate(c.billing_period_start ?? c.start_date);
  if (req.moveDate < periodStart)
    throw new CareError(
      'refused',
      `Das Umzugsdatum liegt vor dem laufenden Abrechnungszeitraum (ab ${germanDate(periodStart)})`,
      'moveDate',
    );
  if (req.moveDate > addDays(today, 365))
    throw new CareError('refused', 'Ein Umzug kann höchstens ein Jahr im Voraus gemeldet werden', 'moveDate');
  if (!/^\d{5}$/.test(req.newAddress.postalCode)) throw new CareError('invalid', 'Postleitzahl: fünf Ziffern', 'newAddress.postalCode');
  if (!/^[A-Za-z0-9-]{4,40}$/.test(req.newMeterNumber))
    throw new CareError('invalid', 'Zählernummer: 4–40 Buchstaben und Ziffern', 'newMeterNumber');
  const oldMeter = (await db('meters').where({ id: c.meter_id }).first('meter_number')) as Row | undefined;
  if (oldMeter?.meter_number === req.newMeterNumber)
    throw new CareError('invalid', 'Der Zähler an der neuen Anschrift muss ein anderer sein als der bisherige', 'newMeterNumber');
  const busy = (await db('contracts as x')
    .join('meters as m', 'm.id', 'x.meter_id')
    .where('m.meter_number', req.newMeterNumber)
    .whereIn('x.status', ['pending', 'active'])
    .first('x.contract_number')) as Row | undefined;
  if (busy)
    throw new CareError('refused', `Der Zähler ${req.newMeterNumber} ist bereits einem laufenden Vertrag zugeordnet`, 'newMeterNumber');
  for (const [field, r] of [
    ['reading.valueKwh', req.reading],
    ['newMeterReading.valueKwh', req.newMeterReading],
  ] as const) {
    if (r && !/^\d{1,11}(\.\d{1,3})?$/.test(String(r.valueKwh)))
      throw new CareError('invalid', 'Zählerstand als Dezimalzahl ≥ 0 mit höchstens 3 Nachkommastellen', field);
  }
  if (req.reading) {
    const higher = (await db('meter_readings')
      .where({ meter_id: c.meter_id })
      .whereIn('status', ['plausible', 'accepted'])
      .where('reading_date', '<=', req.moveDate)
      .where('value_kwh', '>', String(req.reading.valueKwh))
      .first('value_kwh')) as Row | undefined;
    if (higher)
      throw new CareError(
        'refused',
        `Der Zählerstand ist niedriger als ein früherer (${toDecimalString(higher.value_kwh)} kWh)`,
        'reading.valueKwh',
      );
  }
}

export interface MoveContracts {
  oldContractId: string;
  oldContractNumber: string;
  endDate: string;
  newContractId: string;
  newContractNumber: string;
  startDate: string;
  created: boolean;
}

/**
 * Books the end at the old address (reason move) and makes the new contract (pending, starting
 * the day after the move) with its meter. Once per care case; a retry returns what the first made.
 */
export async function createMoveContract(
  db: Database,
  input: { careCaseId: string; contractId: string; moveDate: string; newAddress: PostalAddress; newMeterNumber: string },
): Promise<MoveContracts> {
  const endDate = input.moveDate;
  const startDate = newStartDate(input.moveDate);
  return db.transaction(async (trx) => {
    await trx('contracts').where({ id: input.contractId }).forUpdate().first('id');
    // The end and the new contract in one transaction: a retry never finds one without the other.
    await endContract(trx, input.contractId, endDate, 'move');
    const old = (await trx('contracts').where({ id: input.contractId }).first()) as Row;
    const existing = (await trx('contracts').where({ created_by_care_case_id: input.careCaseId }).first('id', 'contract_number')) as
      Row | undefined;
    const result = (id: string, number: string, created: boolean): MoveContracts => ({
      oldContractId: old.id,
      oldContractNumber: old.contract_number,
      endDate,
      newContractId: id,
      newContractNumber: number,
      startDate,
      created,
    });
    if (existing) return result(existing.id, existing.contract_number, false);
    const address = {
      street: input.newAddress.street,
      houseNumber: input.newAddress.houseNumber,
      postalCode: input.newAddress.postalCode,
      city: input.newAddress.city,
    };
    await trx('meters')
      .insert({ meter_number: input.newMeterNumber, location: JSON.stringify(address) })
      .onConflict('meter_number')
      .ignore();
    const meter = (await trx('meters').where({ meter_number: input.newMeterNumber }).first('id')) as Row;
    const [row] = (await trx('contracts')
      .insert({
        contract_number: numberFor('V', `care:${input.careCaseId}`, 9),
        order_id: null,
        created_by_care_case_id: input.careCaseId,
        predecessor_contract_id: old.id,
        customer_id: old.customer_id,
        contract_account_id: old.contract_account_id,
        meter_id: meter.id,
        status: 'pending',
        tariff_code: old.tariff_code,
        tariff_modules: JSON.stringify(old.tariff_modules ?? []),
        installment_cadence: old.installment_cadence,
        start_date: startDate,
        annual_consumption_kwh: old.annual_consumption_kwh,
        supply_address: JSON.stringify(address),
      })
      .returning(['id', 'contract_number'])) as Row[];
    return result(row.id, row.contract_number, true);
  });
}
