/**
 * An estimated reading (Schätzung, e.g. when the customer sends none): the last reading plus the
 * expected annual consumption pro rata by days. Whole kWh (rounded half up), as a meter shows them.
 */
import Decimal from 'decimal.js';
import { daysBetween } from '../shared/dates';
import { ReadingError, type ReadingSource } from './types';

export interface EstimatedReading {
  contractId: string;
  readingDate: string;
  valueKwh: string;
  source: ReadingSource;
}

export function estimateReading(
  contract: { id: string; annualConsumptionKwh: number | string },
  lastReading: { readingDate: string; valueKwh: string },
  date: string,
): EstimatedReading {
  const days = daysBetween(lastReading.readingDate, date);
  if (days < 0) throw new ReadingError('date', 'Schätzdatum liegt vor der letzten Ablesung');
  const value = new Decimal(lastReading.valueKwh).plus(new Decimal(contract.annualConsumptionKwh).times(days).dividedBy(365));
  return {
    contractId: contract.id,
    readingDate: date,
    valueKwh: value.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toFixed(3),
    source: 'estimate',
  };
}
