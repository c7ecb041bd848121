import type { OrderInput, PostalAddressInput } from './schema';

/** Lower case, umlauts spelled out, accents dropped: Müller = Mueller = MÜLLER. */
export function fold(s: string): string {
  return s
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

const titles = /\b(dr|prof|dipl|ing|med|rer|nat|phil|von|van|de)\b\.?/g;

/** Names compared without case, titles, particles, hyphens or spaces: "Dr. Hans-Peter" = "hans peter". */
export function normaliseName(name: string): string {
  return fold(name)
    .replace(titles, ' ')
    .replace(/[^a-z]/g, '');
}

/** Streets compared without the many spellings of "Straße": "Haupt-Str." = "Hauptstraße". */
export function normaliseStreet(street: string): string {
  return fold(street)
    .replace(/(strasse|str\.?)(?=\s|$|-)/g, 'str')
    .replace(/[^a-z0-9]/g, '');
}

export function normaliseHouseNumber(n: string): string {
  return fold(n).replace(/[^a-z0-9]/g, '');
}

/** Meter numbers are printed with spaces and hyphens; the key has none. */
export function normaliseMeterNumber(n: string): string {
  return n.toUpperCase().replace(/[\s-]/g, '');
}

/** Same person: normalised last name, first name and birth date. */
export function personKey(c: { firstName: string; lastName: string; birthDate: string }): string {
  return `${normaliseName(c.lastName)}|${normaliseName(c.firstName)}|${c.birthDate}`;
}

/** Same place: postal code, normalised street and house number. */
export function addressKey(a: PostalAddressInput): string {
  return `${a.postalCode}|${normaliseStreet(a.street)}|${normaliseHouseNumber(a.houseNumber)}`;
}

export interface DuplicateKeys {
  personKey: string;
  addressKey: string;
  /** Absent until the customer has given the meter number. */
  meterNumber?: string;
}

/** The keys the duplicate check (Dublette) looks up: same person at the same address, or the same meter. */
export function duplicateKeys(order: OrderInput): DuplicateKeys {
  return {
    personKey: personKey(order.customer),
    addressKey: addressKey(order.supplyAddress),
    meterNumber: order.meter.meterNumber ? normaliseMeterNumber(order.meter.meterNumber) : undefined,
  };
}
