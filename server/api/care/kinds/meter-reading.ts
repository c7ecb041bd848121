/**
 * A meter reading (Zählerstand) from the customer or a case worker, optionally with a photo (an
 * attachment id from POST /api/attachments) and an interim bill. Refused before anything is
 * written: a reading below the last valid one (or above a later one) without a reported meter
 * change, a day outside the supply, in the future, or a contract without a meter (422 with the
 * field); a malformed value or an unknown photo is a 400.
 */
import Decimal from 'decimal.js';
import { CareError } from '../../../../domain/care';
import { validStatuses } from '../../../../domain/readings';
import { formatDate } from '../../../../workers/documents/formatting';
import { isValidIsoDate } from '../../../../domain/shared/dates';
import { InputError } from '../../accounting/http';
import { ISO_DATE } from './address-change';
import { defineCareKind } from './types';

export interface MeterReadingBody {
  contractId: string;
  readingDate: string;
  valueKwh: string | number;
  photoAttachmentId?: string;
  meterChanged?: boolean;
  interimBill?: boolean;
}

const kwhPattern = /^\d{1,11}(\.\d{1,3})?$/;
const kwhText = (v: string | number) => (typeof v === 'number' ? String(v) : v.trim());
const kwhGerman = (v: string | number) =>
  new Decimal(String(v))
    .toFixed(3)
    .replace(/\.?0+$/, '')
    .replace('.', ',');

export const meterReading = defineCareKind<MeterReadingBody>({
  kind: 'meter-reading',
  processId: 'care-meter-reading',
  title: { de: 'Zählerstand melden', en: 'Meter reading' },
  contract: 'required',
  portal: true,
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['readingDate', 'valueKwh'],
    properties: {
      readingDate: ISO_DATE,
      valueKwh: { type: ['string', 'number'], description: 'kWh, a decimal ≥ 0 with at most 3 decimals ("12345.6")' },
      photoAttachmentId: { type: 'string', pattern: '^[0-9a-fA-F-]{36}$', description: 'A photo of the meter (POST /api/attachments)' },
      meterChanged: {
        type: 'boolean',
        description: 'The meter was exchanged: a lower value is expected, a case worker records the exchange',
      },
      interimBill: { type: 'boolean', description: 'Bill up to the reading day (Zwischenabrechnung)' },
    },
  },
  async check(ctx, body) {
    const value = kwhText(body.valueKwh);
    const problems = [];
    if (!kwhPattern.test(value))
      problems.push({ field: 'valueKwh', message: 'Zählerstand als Zahl ≥ 0 mit höchstens 3 Nachkommastellen erwartet, z. B. "12345.6".' });
    if (!isValidIsoDate(body.readingDate)) problems.push({ field: 'readingDate', message: 'Kein gültiges Datum (JJJJ-MM-TT).' });
    if (body.photoAttachmentId) {
      const photo = (await ctx.db('attachments').where({ id: body.photoAttachmentId }).first('media_type')) as
        { media_type: string } | undefined;
      if (!photo || !photo.media_type.startsWith('image/'))
        problems.push({ field: 'photoAttachmentId', message: 'Kein hochgeladenes Foto (POST /api/attachments).' });
    }
    if (problems.length > 0) throw new InputError(problems);
    const contract = ctx.contract!;
    if (!contract.meterId) throw new CareError('refused', 'Dem Vertrag ist kein Zähler zugeordnet.', 'contractId');
    if (body.readingDate > ctx.today) throw new CareError('refused', 'Das Ablesedatum liegt in der Zukunft.', 'readingDate');
    if (!contract.startDate || body.readingDate < contract.startDate)
      throw new CareError('refused', 'Das Ablesedatum liegt vor dem Lieferbeginn.', 'readingDate');
    if (contract.endDate && body.readingDate > contract.endDate)
      throw new CareError('refused', 'Das Ablesedatum liegt nach dem Lieferende.', 'readingDate');
    if (body.meterChanged && body.interimBill)
      throw new CareError('refused', 'Nach einem Zählerwechsel ist eine Zwischenabrechnung erst nach der Klärung möglich.', 'interimBill');
    if (body.meterChanged) return;
    // The same rule recordReading enforces, here so the customer hears it at once and nothing is stored.
    const valid = () => ctx.db('meter_readings').where({ meter_id: contract.meterId }).whereIn('status', validStatuses);
    const higherBefore = (await valid()
      .where('reading_date', '<=', body.readingDate)
      .where('value_kwh', '>', value)
      .orderBy('reading_date', 'desc')
      .first('value_kwh', 'reading_date')) as { value_kwh: string; reading_date: Date | string } | undefined;
    if (higherBefore)
      throw new CareError(
        'refused',
        `Der Zählerstand ${kwhGerman(value)} kWh ist niedriger als der letzte (${kwhGerman(higherBefore.value_kwh)} kWh am ${formatDate(higherBefore.reading_date)}). Wurde der Zähler gewechselt, bitte „Zählerwechsel“ angeben.`,
        'valueKwh',
      );
    const lowerAfter = (await valid()
      .where('reading_date', '>', body.readingDate)
      .where('value_kwh', '<', value)
      .first('value_kwh', 'reading_date')) as { value_kwh: string; reading_date: Date | string } | undefined;
    if (lowerAfter)
      throw new CareError(
        'refused',
        `Der Zählerstand ${kwhGerman(value)} kWh ist höher als ein späterer (${kwhGerman(lowerAfter.value_kwh)} kWh am ${formatDate(lowerAfter.reading_date)}).`,
        'valueKwh',
      );
  },
  variables(_ctx, body) {
    return {
      readingDate: body.readingDate,
      valueKwh: kwhText(body.valueKwh),
      meterChanged: body.meterChanged === true,
      interimBill: body.interimBill === true,
      photoAttachmentId: body.photoAttachmentId ?? null,
    };
  },
});
