/**
 * German wording of the field-level validation messages, for customers (the data form of the data
 * post-processing). The API keeps the English `message` for calling systems and adds `messageDe`;
 * the customer page shows only the German one.
 */
import type { FieldError } from './schemaCheck';

/** German field names, by order path and by the data form's flat names. */
export const fieldLabelsDe: Readonly<Record<string, string>> = {
  'customer.firstName': 'Vorname',
  'customer.lastName': 'Nachname',
  'customer.birthDate': 'Geburtsdatum',
  'customer.email': 'E-Mail-Adresse',
  'customer.phone': 'Telefonnummer',
  'supplyAddress.street': 'Straße der Lieferadresse',
  'supplyAddress.houseNumber': 'Hausnummer der Lieferadresse',
  'supplyAddress.postalCode': 'Postleitzahl der Lieferadresse',
  'supplyAddress.city': 'Ort der Lieferadresse',
  'billingAddress.street': 'Straße der Rechnungsadresse',
  'billingAddress.houseNumber': 'Hausnummer der Rechnungsadresse',
  'billingAddress.postalCode': 'Postleitzahl der Rechnungsadresse',
  'billingAddress.city': 'Ort der Rechnungsadresse',
  'tariff.code': 'Tarif',
  'tariff.commodity': 'Sparte',
  annualConsumptionKwh: 'Jahresverbrauch',
  'meter.meterNumber': 'Zählernummer',
  meterNumber: 'Zählernummer',
  'meter.marketLocationId': 'Marktlokations-ID',
  marketLocationId: 'Marktlokations-ID',
  desiredStartDate: 'Gewünschter Lieferbeginn',
  'payment.method': 'Zahlungsart',
  'payment.iban': 'IBAN',
  iban: 'IBAN',
  'payment.accountHolder': 'Kontoinhaber',
  accountHolder: 'Kontoinhaber',
  'payment.mandateConsent': 'SEPA-Lastschriftmandat',
  mandateConsent: 'SEPA-Lastschriftmandat',
  'Idempotency-Key': 'Idempotency-Key',
  '(body)': 'Anfrage',
};

/** English message (exact or by pattern) → German, without the field name. */
const exact: Readonly<Record<string, string>> = {
  'is required': 'ist eine Pflichtangabe.',
  'must not be empty': 'darf nicht leer sein.',
  'has an invalid format': 'hat ein ungültiges Format.',
  'must be a string': 'muss ein Text sein.',
  'must be a number': 'muss eine Zahl sein.',
  'must be a whole number': 'muss eine ganze Zahl sein.',
  'must be an object': 'hat eine ungültige Form.',
  'must be true or false': 'muss ja oder nein sein.',
  'is not a known field': 'ist kein bekanntes Feld.',
  'is not a field of this form': 'gehört nicht zu diesem Formular.',
  'is not missing and cannot be changed through this link': 'liegt uns bereits vor und kann über diesen Link nicht geändert werden.',
  'is not a valid e-mail address': 'ist ungültig.',
  'is not a valid date': 'ist kein gültiges Datum.',
  'must not be in the future': 'darf nicht in der Zukunft liegen.',
  'must not be in the past': 'darf nicht in der Vergangenheit liegen.',
  'is not plausible': 'ist nicht plausibel.',
  'is not a valid IBAN': 'ist ungültig. Bitte prüfen Sie Ihre Eingabe.',
  'must be an account in the SEPA area': 'muss ein Konto im SEPA-Raum sein.',
  'direct debit needs the SEPA mandate; choose bank transfer otherwise':
    'ist für das Lastschriftverfahren nötig; wählen Sie sonst die Überweisung.',
  'is not a valid market location id (check digit)': 'ist ungültig (Prüfziffer stimmt nicht).',
  'a bank account given here needs the SEPA direct debit mandate (mandateConsent: true)':
    'ist für eine hier angegebene Bankverbindung nötig. Bitte erteilen Sie es.',
  'must be at most 200 characters': 'darf höchstens 200 Zeichen lang sein.',
  'already used with a different body': 'wurde bereits für einen anderen Auftrag verwendet.',
  'must not contain NUL characters': 'enthält unzulässige Zeichen.',
  'must not contain unpaired UTF-16 surrogates': 'enthält unzulässige Zeichen.',
  'must be a list': 'muss eine Liste sein.',
  'must not repeat an entry': 'darf keinen Eintrag doppelt enthalten.',
};

const patterns: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^must be one of (.+)$/, (m) => `muss einer dieser Werte sein: ${m[1]}.`],
  [/^must have at least (\d+) characters$/, (m) => `muss mindestens ${m[1]} Zeichen lang sein.`],
  [/^must have at most (\d+) characters$/, (m) => `darf höchstens ${m[1]} Zeichen lang sein.`],
  [/^must have at most (\d+) entries$/, (m) => `darf höchstens ${m[1]} Einträge enthalten.`],
  [/^must be greater than (.+)$/, (m) => `muss größer als ${m[1]} sein.`],
  [/^must be at least (.+)$/, (m) => `muss mindestens ${m[1]} sein.`],
  [/^must be at most (.+)$/, (m) => `darf höchstens ${m[1]} sein.`],
  [
    /^the customer must be at least (\d+) years old$/,
    (m) => `zeigt ein Alter unter ${m[1]} Jahren; Verträge schließen wir nur mit Volljährigen.`,
  ],
];

/** The German sentence for a field error, e.g. „Zählernummer hat ein ungültiges Format.“ */
export function germanMessage(e: FieldError): string {
  const label = fieldLabelsDe[e.field] ?? e.field;
  const text =
    exact[e.message] ??
    patterns
      .map(([re, f]) => {
        const m = e.message.match(re);
        return m ? f(m) : undefined;
      })
      .find(Boolean);
  return text ? `${label} ${text}` : `${label}: Die Angabe ist ungültig.`;
}

/** Field errors with their German wording added. */
export function withGerman(errors: readonly FieldError[]): (FieldError & { messageDe: string })[] {
  return errors.map((e) => ({ field: e.field, message: e.message, messageDe: germanMessage(e) }));
}
