/**
 * The order a system posts to POST /api/orders, as JSON Schema (draft 2020-12 subset, usable in
 * OpenAPI 3.1). Fields the data post-processing (DNB) can collect later — meter number, IBAN,
 * mandate consent, start date — are optional here; validateOrder reports them as missing data.
 */
const name = { type: 'string', minLength: 1, maxLength: 100 } as const;
const isoDate = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'ISO date, YYYY-MM-DD' } as const;

const address = {
  type: 'object',
  additionalProperties: false,
  required: ['street', 'houseNumber', 'postalCode', 'city'],
  properties: {
    street: { type: 'string', minLength: 1, maxLength: 100 },
    houseNumber: { type: 'string', minLength: 1, maxLength: 10 },
    addressSupplement: { type: 'string', maxLength: 100 },
    postalCode: { type: 'string', pattern: '^\\d{5}$', description: 'German postal code (PLZ), 5 digits' },
    city: { type: 'string', minLength: 1, maxLength: 100 },
  },
} as const;

export const salesChannels = ['web', 'comparison_portal', 'call_center', 'partner', 'door_to_door', 'retail'] as const;
export const paymentMethods = ['sepa_direct_debit', 'bank_transfer'] as const;

export const orderInputSchema = {
  $id: 'OrderInput',
  title: 'Order for an energy supply contract',
  type: 'object',
  additionalProperties: false,
  required: ['customer', 'supplyAddress', 'tariff', 'meter', 'annualConsumptionKwh', 'payment', 'sales'],
  properties: {
    customer: {
      type: 'object',
      additionalProperties: false,
      required: ['firstName', 'lastName', 'birthDate', 'email'],
      properties: {
        firstName: name,
        lastName: name,
        birthDate: isoDate,
        email: { type: 'string', maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]{2,}$' },
        phone: { type: 'string', pattern: '^\\+?[0-9 ()/-]{6,20}$' },
      },
    },
    supplyAddress: address,
    billingAddress: { ...address, description: 'Defaults to the supply address.' },
    tariff: {
      type: 'object',
      additionalProperties: false,
      required: ['code', 'commodity'],
      properties: {
        code: { type: 'string', minLength: 1, maxLength: 40 },
        commodity: { type: 'string', enum: ['electricity', 'gas'] },
        modules: {
          type: 'array',
          maxItems: 10,
          uniqueItems: true,
          items: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,40}$' },
          description: 'Modules of a modular tariff the customer chose (codes of the tariff version)',
        },
      },
    },
    meter: {
      type: 'object',
      additionalProperties: false,
      properties: {
        meterNumber: {
          type: 'string',
          pattern: '^[A-Za-z0-9][A-Za-z0-9 -]{2,24}$',
          description: 'Zählernummer; spaces and hyphens are ignored',
        },
        marketLocationId: {
          type: 'string',
          pattern: '^\\d{11}$',
          description: 'Marktlokations-ID (MaLo-ID): 11 digits, the last a check digit',
        },
      },
    },
    annualConsumptionKwh: { type: 'number', exclusiveMinimum: 0, maximum: 10000000 },
    desiredStartDate: isoDate,
    payment: {
      type: 'object',
      additionalProperties: false,
      required: ['method'],
      properties: {
        method: { type: 'string', enum: paymentMethods },
        iban: { type: 'string', minLength: 15, maxLength: 42 },
        accountHolder: name,
        mandateConsent: { type: 'boolean', description: 'The customer grants the SEPA direct debit mandate' },
      },
    },
    previousSupplier: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 100 },
        customerNumber: { type: 'string', maxLength: 40 },
      },
    },
    sales: {
      type: 'object',
      additionalProperties: false,
      required: ['channel'],
      properties: {
        channel: { type: 'string', enum: salesChannels },
        campaign: { type: 'string', maxLength: 60 },
        partnerId: { type: 'string', maxLength: 40 },
      },
    },
  },
} as const;

export interface PostalAddressInput {
  street: string;
  houseNumber: string;
  addressSupplement?: string;
  postalCode: string;
  city: string;
}

/** The TypeScript shape of orderInputSchema. */
export interface OrderInput {
  customer: { firstName: string; lastName: string; birthDate: string; email: string; phone?: string };
  supplyAddress: PostalAddressInput;
  billingAddress?: PostalAddressInput;
  tariff: { code: string; commodity: 'electricity' | 'gas'; modules?: string[] };
  meter: { meterNumber?: string; marketLocationId?: string };
  annualConsumptionKwh: number;
  desiredStartDate?: string;
  payment: { method: (typeof paymentMethods)[number]; iban?: string; accountHolder?: string; mandateConsent?: boolean };
  previousSupplier?: { name: string; customerNumber?: string };
  sales: { channel: (typeof salesChannels)[number]; campaign?: string; partnerId?: string };
}
