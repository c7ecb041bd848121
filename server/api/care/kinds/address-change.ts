/**
 * Change of address (Adressänderung): the customer's postal address and the billing address of the
 * accounts that had the old one, from `validFrom` (default: at once). Checked before anything is
 * written: German formats (400 by field), the city against the cities we know under the postal code
 * and the address already on file (422). The supply address of a contract is a move (kind move).
 */
import { CareError } from '../../../../domain/care';
import {
  addressFormatProblems,
  cityPlausibilityProblems,
  cityStem,
  germanMidnight,
  normaliseAddress,
  type PostalAddressChange,
} from '../../../../domain/customers';
import { addressKey } from '../../../../domain/orders/normalise';
import { addDays, isValidIsoDate } from '../../../../domain/shared/dates';
import { InputError } from '../../accounting/http';
import { defineCareKind } from './types';

export interface AddressChangeBody {
  address: PostalAddressChange;
  validFrom?: string;
}

const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max });
export const ISO_DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' };

export const addressChange = defineCareKind<AddressChangeBody>({
  kind: 'address-change',
  processId: 'care-address-change',
  title: { de: 'Adressänderung', en: 'Change of address' },
  contract: 'none',
  portal: true,
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['address'],
    properties: {
      address: {
        type: 'object',
        additionalProperties: false,
        required: ['street', 'houseNumber', 'postalCode', 'city'],
        properties: { street: text(100), houseNumber: text(12), postalCode: text(10), city: text(100) },
      },
      validFrom: { ...ISO_DATE, description: 'The day the new address applies (default: today)' },
    },
  },
  async check(ctx, body) {
    const address = normaliseAddress(body.address);
    const format = addressFormatProblems(address);
    if (body.validFrom !== undefined && !isValidIsoDate(body.validFrom))
      format.push({ field: 'validFrom', message: 'Kein gültiges Datum (JJJJ-MM-TT).' });
    if (format.length > 0) throw new InputError(format);
    const [city] = await cityPlausibilityProblems(ctx.db, address);
    if (city) throw new CareError('refused', city.message, city.field);
    if (body.validFrom && body.validFrom > addDays(ctx.today, 365))
      throw new CareError('refused', 'Eine Adressänderung kann höchstens ein Jahr im Voraus beauftragt werden.', 'validFrom');
    const current = normaliseAddress(ctx.customer.address as unknown as PostalAddressChange);
    if (addressKey(current) === addressKey(address) && cityStem(current.city) === cityStem(address.city))
      throw new CareError('refused', 'Diese Adresse ist bereits hinterlegt.', 'address');
  },
  variables(ctx, body) {
    const from = body.validFrom && body.validFrom > ctx.today ? body.validFrom : ctx.today;
    return { validFrom: body.validFrom ?? null, applyAt: germanMidnight(from) };
  },
});
