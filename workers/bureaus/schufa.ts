import { BureauProtocolError, PersonUnknownError } from './errors';
import { parseJson, postWithRetry } from './http';
import { clampScore, trafficLightOf } from './trafficLight';
import type { AdapterOptions, BureauAdapter, PersonQuery } from './types';

/**
 * SCHUFA answers a probability of fulfilment in percent (0–99.99) in five rating classes. Each
 * class gets a fifth of our 0–1000 scale, linear inside; open defaults cap it at "Ungenügend".
 */
const bands: ReadonlyArray<[fromPercent: number, toPercent: number, fromScore: number]> = [
  [97.2, 99.99, 800],
  [90, 97.2, 600],
  [80, 90, 400],
  [30, 80, 200],
  [0, 30, 0],
];

export function normaliseSchufaPercent(percent: number, hasNegativeFeatures: boolean): number {
  const [from, to, base] = bands.find(([f]) => percent >= f) ?? bands[bands.length - 1];
  const score = clampScore(base + ((Math.min(percent, to) - from) / (to - from)) * 200);
  return hasNegativeFeatures ? Math.min(score, 199) : score;
}

interface SchufaAnswer {
  identification?: string;
  score?: { value?: number; unit?: string } | null;
  negativeFeatures?: unknown[];
  fraudPreCheck?: { result?: string };
}

export function createSchufaAdapter(opts: AdapterOptions): BureauAdapter {
  return {
    name: 'schufa',
    async check(person: PersonQuery) {
      const request = {
        reference: person.reference ?? '',
        purpose: 'CREDIT_RISK_CHECK',
        consumer: {
          firstName: person.firstName,
          lastName: person.lastName,
          dateOfBirth: person.birthDate,
          currentAddress: {
            street: person.address.street,
            houseNumber: person.address.houseNumber,
            postalCode: person.address.postalCode,
            city: person.address.city,
            countryCode: person.address.country ?? 'DE',
          },
        },
      };
      const res = await postWithRetry('schufa', opts, {
        path: '/v1/consumer-scores',
        contentType: 'application/json',
        body: JSON.stringify(request),
      });
      const raw = parseJson(res.body) as SchufaAnswer | undefined;
      if (res.status !== 200 || !raw)
        throw new BureauProtocolError('schufa', `unexpected answer HTTP ${res.status}`, res.status, raw ?? res.body);
      if (raw.identification === 'NOT_IDENTIFIED') throw new PersonUnknownError('schufa', request, raw);
      const percent = raw.score?.value;
      if (raw.identification !== 'IDENTIFIED' || typeof percent !== 'number' || raw.score?.unit !== 'PERCENT') {
        throw new BureauProtocolError('schufa', 'answer without a percent score', res.status, raw);
      }
      const score = normaliseSchufaPercent(percent, (raw.negativeFeatures ?? []).length > 0);
      return {
        bureau: 'schufa',
        score,
        trafficLight: trafficLightOf(score, opts.thresholds),
        fraudSuspicion: raw.fraudPreCheck?.result === 'HIT',
        request,
        raw,
      };
    },
  };
}
