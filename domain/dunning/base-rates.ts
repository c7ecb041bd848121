/**
 * Keeping the base rate of §247 BGB: the Bundesbank publishes it for 1 January and 1 July. A new
 * rate is a new row; a published rate is never edited (interest already charged was computed with
 * it), so a second rate for the same date is refused.
 */
import Decimal from 'decimal.js';
import type { Database } from '../../db';
import { isValidIsoDate } from '../shared/dates';
import type { BaseRate } from './interest';

export class BaseRateError extends Error {
  constructor(
    readonly code: 'invalid' | 'exists',
    readonly field: 'validFrom' | 'ratePercent',
    message: string,
  ) {
    super(message);
    this.name = 'BaseRateError';
  }
}

/** The column is numeric(6,3); real base rates have stayed within ±5 % since 1999. */
const ratePattern = /^-?\d{1,2}(\.\d{1,3})?$/;

export async function addBaseRate(db: Database, rate: BaseRate): Promise<BaseRate> {
  if (!isValidIsoDate(rate.validFrom) || !/-(01-01|07-01)$/.test(rate.validFrom))
    throw new BaseRateError('invalid', 'validFrom', 'Der Basiszinssatz gilt ab dem 1. Januar oder 1. Juli (YYYY-01-01 oder YYYY-07-01)');
  if (typeof rate.ratePercent !== 'string' || !ratePattern.test(rate.ratePercent.trim()))
    throw new BaseRateError(
      'invalid',
      'ratePercent',
      'Prozent als Dezimalzahl mit Punkt und höchstens drei Nachkommastellen, z. B. "1.27" oder "-0.88"',
    );
  const ratePercent = new Decimal(rate.ratePercent.trim()).toString();
  const inserted = await db('base_rates')
    .insert({ valid_from: rate.validFrom, rate_percent: ratePercent })
    .onConflict('valid_from')
    .ignore()
    .returning('valid_from');
  if (inserted.length === 0)
    throw new BaseRateError('exists', 'validFrom', `Ab ${rate.validFrom} ist schon ein Basiszinssatz eingetragen; er wird nicht geändert`);
  return { validFrom: rate.validFrom, ratePercent };
}
