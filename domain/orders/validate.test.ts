import Fastify from 'fastify';
import { germanMessage, withGerman } from './messages-de';
import {
  addressKey,
  duplicateKeys,
  isValidMarketLocationId,
  marketLocationCheckDigit,
  normaliseName,
  orderInputSchema,
  personKey,
  validateOrder,
  type OrderInput,
} from '.';

const today = '2026-03-01';

function order(patch: (o: Record<string, any>) => void = () => undefined): Record<string, any> {
  const o: Record<string, any> = {
    customer: {
      firstName: 'Erika',
      lastName: 'Mustermann',
      birthDate: '1984-03-17',
      email: 'Erika.Mustermann@Example.org',
      phone: '+49 221 123456',
    },
    supplyAddress: { street: 'Lindenstraße', houseNumber: '12a', postalCode: '50674', city: 'Köln' },
    tariff: { code: 'STROM-FIX-24', commodity: 'electricity' },
    meter: { meterNumber: '1 ESY 1160 6425 12', marketLocationId: '51238696781' },
    annualConsumptionKwh: 2500,
    desiredStartDate: '2026-04-01',
    payment: { method: 'sepa_direct_debit', iban: 'de89 3704 0044 0532 0130 00', mandateConsent: true },
    previousSupplier: { name: 'Stadtwerke Beispielstadt' },
    sales: { channel: 'web', campaign: 'FRUEHLING26' },
  };
  patch(o);
  return o;
}

function errorsOf(input: unknown) {
  const r = validateOrder(input, { today });
  return r.ok ? [] : r.errors;
}

describe('validateOrder', () => {
  it('accepts a complete order and normalises it', () => {
    const r = validateOrder(order(), { today });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.missingData).toEqual([]);
    expect(r.order.payment.iban).toBe('DE89370400440532013000');
    expect(r.order.meter.meterNumber).toBe('1ESY1160642512');
    expect(r.order.customer.email).toBe('erika.mustermann@example.org');
    expect(r.order.billingAddress).toEqual(r.order.supplyAddress);
    expect(r.keys).toEqual({ personKey: 'mustermann|erika|1984-03-17', addressKey: '50674|lindenstr|12a', meterNumber: '1ESY1160642512' });
  });

  it('accepts bank transfer without IBAN', () => {
    const r = validateOrder(
      order((o) => {
        o.payment = { method: 'bank_transfer' };
      }),
      { today },
    );
    expect(r.ok && r.missingData).toEqual([]);
  });

  it('reports missing meter number, start date, IBAN and mandate as missing data, not as errors', () => {
    const r = validateOrder(
      order((o) => {
        delete o.meter.meterNumber;
        delete o.desiredStartDate;
        o.payment = { method: 'sepa_direct_debit' };
      }),
      { today },
    );
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.missingData.map((m) => m.field)).toEqual(['meter.meterNumber', 'desiredStartDate', 'payment.iban', 'payment.mandateConsent']);
    expect(r.missingData[0].label).toBe('Zählernummer');
    expect(r.keys.meterNumber).toBeUndefined();
  });

  it.each([
    ['not an object', 'hello', '(body)', 'must be an object'],
    [
      'missing customer',
      order((o) => {
        delete o.customer;
      }),
      'customer',
      'is required',
    ],
    [
      'empty last name',
      order((o) => {
        o.customer.lastName = '  ';
      }),
      'customer.lastName',
      'must not be empty',
    ],
    [
      'bad email',
      order((o) => {
        o.customer.email = 'erika@';
      }),
      'customer.email',
      'has an invalid format',
    ],
    [
      'birth date not ISO',
      order((o) => {
        o.customer.birthDate = '17.03.1984';
      }),
      'customer.birthDate',
      'has an invalid format',
    ],
    [
      'impossible birth date',
      order((o) => {
        o.customer.birthDate = '1984-02-30';
      }),
      'customer.birthDate',
      'is not a valid date',
    ],
    [
      'minor',
      order((o) => {
        o.customer.birthDate = '2008-03-02';
      }),
      'customer.birthDate',
      'the customer must be at least 18 years old',
    ],
    [
      'birth in the future',
      order((o) => {
        o.customer.birthDate = '2027-01-01';
      }),
      'customer.birthDate',
      'must not be in the future',
    ],
    [
      'postal code with 4 digits',
      order((o) => {
        o.supplyAddress.postalCode = '5067';
      }),
      'supplyAddress.postalCode',
      'has an invalid format',
    ],
    [
      'billing postal code with letters',
      order((o) => {
        o.billingAddress = { ...o.supplyAddress, postalCode: 'D-50674' };
      }),
      'billingAddress.postalCode',
      'has an invalid format',
    ],
    [
      'start in the past',
      order((o) => {
        o.desiredStartDate = '2026-02-28';
      }),
      'desiredStartDate',
      'must not be in the past',
    ],
    [
      'invalid IBAN',
      order((o) => {
        o.payment.iban = 'DE89370400440532013001';
      }),
      'payment.iban',
      'is not a valid IBAN',
    ],
    [
      'non-SEPA IBAN',
      order((o) => {
        o.payment.iban = 'BR1500000000000010932840814P2';
      }),
      'payment.iban',
      'must be an account in the SEPA area',
    ],
    [
      'mandate refused',
      order((o) => {
        o.payment.mandateConsent = false;
      }),
      'payment.mandateConsent',
      'direct debit needs the SEPA mandate; choose bank transfer otherwise',
    ],
    [
      'unknown payment method',
      order((o) => {
        o.payment.method = 'paypal';
      }),
      'payment.method',
      'must be one of sepa_direct_debit, bank_transfer',
    ],
    [
      'bad market location id',
      order((o) => {
        o.meter.marketLocationId = '51238696782';
      }),
      'meter.marketLocationId',
      'is not a valid market location id (check digit)',
    ],
    [
      'meter number with symbols',
      order((o) => {
        o.meter.meterNumber = 'ab#12';
      }),
      'meter.meterNumber',
      'has an invalid format',
    ],
    [
      'zero consumption',
      order((o) => {
        o.annualConsumptionKwh = 0;
      }),
      'annualConsumptionKwh',
      'must be greater than 0',
    ],
    [
      'consumption as text',
      order((o) => {
        o.annualConsumptionKwh = '2500';
      }),
      'annualConsumptionKwh',
      'must be a number',
    ],
    [
      'unknown sales channel',
      order((o) => {
        o.sales.channel = 'fax';
      }),
      'sales.channel',
      expect.stringContaining('must be one of'),
    ],
    [
      'unknown field',
      order((o) => {
        o.customer.nickname = 'Eri';
      }),
      'customer.nickname',
      'is not a known field',
    ],
    [
      'mandate consent as string',
      order((o) => {
        o.payment.mandateConsent = 'yes';
      }),
      'payment.mandateConsent',
      'must be true or false',
    ],
  ])('rejects %s', (_name, input, field, message) => {
    expect(errorsOf(input)).toContainEqual({ field, message });
  });

  it('returns every structural error at once', () => {
    const errors = errorsOf(
      order((o) => {
        o.customer.email = 1;
        o.supplyAddress.postalCode = '1';
        delete o.tariff;
      }),
    );
    expect(errors.map((e) => e.field).sort()).toEqual(['customer.email', 'supplyAddress.postalCode', 'tariff']);
  });

  it('accepts the 18th birthday itself', () => {
    expect(
      errorsOf(
        order((o) => {
          o.customer.birthDate = '2008-03-01';
        }),
      ),
    ).toEqual([]);
  });

  it('never throws, whatever comes in', () => {
    for (const input of [
      null,
      undefined,
      42,
      [],
      { customer: null },
      { customer: [] },
      order((o) => {
        o.payment = 'x';
      }),
    ]) {
      expect(() => validateOrder(input, { today })).not.toThrow();
      expect(validateOrder(input, { today }).ok).toBe(false);
    }
  });

  it('is accepted by fastify as a body schema (ajv) for the later OpenAPI route', async () => {
    const app = Fastify();
    app.post('/orders', { schema: { body: orderInputSchema } }, async () => ({ ok: true }));
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const post = (body: unknown) =>
      fetch(`${base}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post(order())).status).toBe(200);
    expect(
      (
        await post(
          order((o) => {
            o.supplyAddress.postalCode = '123';
          }),
        )
      ).status,
    ).toBe(400);
    await app.close();
  });
});

describe('market location id', () => {
  it('computes the BDEW check digit', () => {
    expect(marketLocationCheckDigit('5123869678')).toBe(1);
    expect(isValidMarketLocationId('51238696781')).toBe(true);
    expect(isValidMarketLocationId('01238696781')).toBe(false);
    expect(isValidMarketLocationId('5123869678')).toBe(false);
  });
});

describe('duplicate keys', () => {
  const base = order() as OrderInput;
  it('treats spellings of the same person and address as equal', () => {
    expect(personKey({ firstName: 'Hans-Peter', lastName: 'Müller', birthDate: '1970-01-01' })).toBe(
      personKey({ firstName: ' hans peter ', lastName: 'MUELLER', birthDate: '1970-01-01' }),
    );
    expect(normaliseName('Dr. Jürgen')).toBe('juergen');
    expect(addressKey({ street: 'Haupt-Str.', houseNumber: '12 A', postalCode: '10115', city: 'Berlin' })).toBe(
      addressKey({ street: 'Hauptstraße', houseNumber: '12a', postalCode: '10115', city: 'Berlin' }),
    );
    expect(addressKey({ street: 'Hauptstrasse', houseNumber: '12', postalCode: '10115', city: 'Berlin' })).not.toBe(
      addressKey({ street: 'Hauptstrasse', houseNumber: '14', postalCode: '10115', city: 'Berlin' }),
    );
  });
  it('keeps different people apart', () => {
    expect(duplicateKeys(base).personKey).not.toBe(
      duplicateKeys({ ...base, customer: { ...base.customer, birthDate: '1984-03-18' } }).personKey,
    );
  });
});

describe('customer e-mail as the mailer uses it', () => {
  it.each([
    '<svg/onload=alert(1)>@evil.de',
    'Erika <erika@example.org>',
    'a@b.de, c@d.de',
    '"x y"@example.org',
    'erika@localhost',
    'erika@-example.org',
    'erika..m@example.org',
    'erika@exa_mple.org',
  ])('refuses %s with a 400 naming customer.email', (email) => {
    expect(
      errorsOf(
        order((o) => {
          o.customer.email = email;
        }),
      ),
    ).toEqual([expect.objectContaining({ field: 'customer.email' })]);
  });

  it.each(['erika.mustermann+strom@example.org', "o'neil@kunde.example", 'x@sub.domain-1.example.de'])('accepts %s', (email) => {
    expect(
      errorsOf(
        order((o) => {
          o.customer.email = email;
        }),
      ),
    ).toEqual([]);
  });
});

describe('German wording for customers', () => {
  it('says in German what is wrong with each field, naming the field', () => {
    const errors = errorsOf(
      order((o) => {
        o.meter.meterNumber = '!';
        o.payment.iban = 'DE00 1234';
      }),
    );
    expect(withGerman(errors)).toEqual(
      expect.arrayContaining([
        { field: 'meter.meterNumber', message: 'has an invalid format', messageDe: 'Zählernummer hat ein ungültiges Format.' },
      ]),
    );
    expect(germanMessage({ field: 'payment.iban', message: 'is not a valid IBAN' })).toBe(
      'IBAN ist ungültig. Bitte prüfen Sie Ihre Eingabe.',
    );
    expect(germanMessage({ field: 'meterNumber', message: 'is not missing and cannot be changed through this link' })).toMatch(
      /^Zählernummer liegt uns bereits vor/,
    );
    expect(germanMessage({ field: 'customer.firstName', message: 'must have at most 100 characters' })).toBe(
      'Vorname darf höchstens 100 Zeichen lang sein.',
    );
  });

  it('has German for every message the order checks produce', () => {
    const inputs = [
      order((o) => {
        o.customer.email = 'x';
        o.supplyAddress.postalCode = 1;
        o.annualConsumptionKwh = -1;
        o.extra = 1;
        o.tariff.commodity = 'oil';
      }),
      order((o) => {
        o.customer.birthDate = '2020-01-01';
        o.desiredStartDate = '2001-01-01';
        o.payment.iban = 'DE00123412341234';
        o.meter.marketLocationId = '01238696781';
      }),
      order((o) => {
        o.payment.mandateConsent = false;
        o.customer.birthDate = '2030-01-01';
      }),
    ];
    const untranslated = inputs.flatMap((i) => withGerman(errorsOf(i))).filter((e) => /Die Angabe ist ungültig/.test(e.messageDe));
    expect(untranslated).toEqual([]);
  });
});

describe('modules of a modular tariff', () => {
  it('accepts a list of module codes and refuses repeats and bad codes', () => {
    expect(errorsOf(order((o) => (o.tariff.modules = ['OEKO', 'SMART'])))).toEqual([]);
    expect(errorsOf(order((o) => (o.tariff.modules = ['OEKO', 'OEKO']))).map((e) => e.field)).toEqual(['tariff.modules']);
    expect(errorsOf(order((o) => (o.tariff.modules = ['bad code']))).map((e) => e.field)).toEqual(['tariff.modules[0]']);
  });
});
