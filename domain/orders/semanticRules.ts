import { electronicFormatIBAN, isSEPACountry, isValidIBAN } from 'ibantools';
import { ageOn, isIsoDate } from './dates';
import { isMailableAddress } from './email';
import { isValidMarketLocationId } from './marketLocation';
import type { OrderInput } from './schema';
import type { FieldError } from './schemaCheck';

export const minimumAge = 18;
const maximumAge = 120;

/** Rules beyond the schema's structure; the order has already passed the schema check. */
export function checkSemantics(order: OrderInput, today: string): FieldError[] {
  const errors: FieldError[] = [];
  const err = (field: string, message: string) => errors.push({ field, message });

  if (!isMailableAddress(order.customer.email)) err('customer.email', 'is not a valid e-mail address');

  const birth = order.customer.birthDate;
  if (!isIsoDate(birth)) err('customer.birthDate', 'is not a valid date');
  else if (birth > today) err('customer.birthDate', 'must not be in the future');
  else if (ageOn(birth, today) < minimumAge) err('customer.birthDate', `the customer must be at least ${minimumAge} years old`);
  else if (ageOn(birth, today) > maximumAge) err('customer.birthDate', 'is not plausible');

  if (order.desiredStartDate !== undefined) {
    if (!isIsoDate(order.desiredStartDate)) err('desiredStartDate', 'is not a valid date');
    else if (order.desiredStartDate < today) err('desiredStartDate', 'must not be in the past');
  }

  const iban = order.payment.iban;
  if (iban !== undefined) {
    const e = electronicFormatIBAN(iban) ?? '';
    if (!isValidIBAN(e)) err('payment.iban', 'is not a valid IBAN');
    else if (!isSEPACountry(e.slice(0, 2))) err('payment.iban', 'must be an account in the SEPA area');
  }
  if (order.payment.method === 'sepa_direct_debit' && order.payment.mandateConsent === false) {
    err('payment.mandateConsent', 'direct debit needs the SEPA mandate; choose bank transfer otherwise');
  }

  const malo = order.meter.marketLocationId;
  if (malo !== undefined && !isValidMarketLocationId(malo))
    err('meter.marketLocationId', 'is not a valid market location id (check digit)');

  return errors;
}

export function normaliseIban(iban: string): string {
  return electronicFormatIBAN(iban) ?? iban;
}
