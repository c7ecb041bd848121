import { BureauProtocolError, PersonUnknownError } from './errors';
import { postWithRetry } from './http';
import { clampScore, trafficLightOf } from './trafficLight';
import type { AdapterOptions, BureauAdapter, IdentityVerification, PersonQuery } from './types';
import { elementText, escapeXml } from './xml';

export type CreditreformProduct = 'bonima' | 'verita';

/** Boniversum's index runs from 100 (best) to 600 (insolvent); reversed onto 0–1000. */
export function normaliseCreditreformIndex(index: number): number {
  return clampScore(((600 - index) / 500) * 1000);
}

function verified(value: string | undefined): boolean | undefined {
  return value === 'CONFIRMED' ? true : value === 'NOT_CONFIRMED' ? false : undefined;
}

/**
 * Creditreform Boniversum over XML. Bonima verifies the address, Verita the name and the
 * address; an unconfirmed name is treated as fraud suspicion, like the fraud indicator.
 */
export function createCreditreformAdapter(opts: AdapterOptions & { product: CreditreformProduct }): BureauAdapter {
  const product = opts.product.toUpperCase();
  return {
    name: 'creditreform',
    async check(person: PersonQuery) {
      const e = (tag: string, value: string) => `<${tag}>${escapeXml(value)}</${tag}>`;
      const request = `<?xml version="1.0" encoding="UTF-8"?>
<BoniversumRequest product="${product}">
  ${e('CustomerReference', person.reference ?? '')}
  <Person>
    ${e('FirstName', person.firstName)}${e('LastName', person.lastName)}${e('BirthDate', person.birthDate)}
    <Address>${e('Street', person.address.street)}${e('HouseNumber', person.address.houseNumber)}${e('ZipCode', person.address.postalCode)}${e('City', person.address.city)}${e('Country', person.address.country ?? 'DE')}</Address>
  </Person>
</BoniversumRequest>
`;
      const res = await postWithRetry('creditreform', opts, {
        path: `/boniversum/v1/${opts.product}`,
        contentType: 'application/xml',
        body: request,
      });
      const raw = res.body;
      if (res.status !== 200 || !raw.includes('<BoniversumResponse'))
        throw new BureauProtocolError('creditreform', `unexpected answer HTTP ${res.status}`, res.status, raw);
      const code = elementText(raw, 'ResponseCode');
      if (code === 'NO_HIT') throw new PersonUnknownError('creditreform', request, raw);
      const index = Number(elementText(raw, 'ScoreIndex'));
      if (code !== 'HIT' || !Number.isFinite(index))
        throw new BureauProtocolError('creditreform', 'answer without a score index', res.status, raw);
      const verification: IdentityVerification = { addressVerified: verified(elementText(raw, 'AddressVerification')) };
      if (opts.product === 'verita') verification.nameVerified = verified(elementText(raw, 'NameVerification'));
      const score = normaliseCreditreformIndex(index);
      return {
        bureau: 'creditreform',
        score,
        trafficLight: trafficLightOf(score, opts.thresholds),
        fraudSuspicion: elementText(raw, 'FraudIndicator') === 'true' || verification.nameVerified === false,
        verification,
        request,
        raw,
      };
    },
  };
}
