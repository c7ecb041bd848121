import { BureauProtocolError, PersonUnknownError } from './errors';
import { parseJson, postWithRetry } from './http';
import { clampScore, trafficLightOf } from './trafficLight';
import type { AdapterOptions, BureauAdapter, PersonQuery } from './types';

/** infoscore's three-digit score (0–999, higher is better) is stretched onto 0–1000. */
export function normaliseInfoscore(scorewert: number): number {
  return clampScore((scorewert * 1000) / 999);
}

interface InfoscoreAnswer {
  ergebnis?: string;
  scorewert?: number;
  betrugsverdacht?: boolean;
}

function germanDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

export function createInfoscoreAdapter(opts: AdapterOptions): BureauAdapter {
  return {
    name: 'infoscore',
    async check(person: PersonQuery) {
      const request = {
        referenz: person.reference ?? '',
        produkt: 'BONITAETSAUSKUNFT_PRIVAT',
        person: {
          vorname: person.firstName,
          nachname: person.lastName,
          geburtsdatum: germanDate(person.birthDate),
          anschrift: {
            strasse: `${person.address.street} ${person.address.houseNumber}`.trim(),
            plz: person.address.postalCode,
            ort: person.address.city,
            land: person.address.country === undefined || person.address.country === 'DE' ? 'DEU' : person.address.country,
          },
        },
      };
      const res = await postWithRetry('infoscore', opts, {
        path: '/v2/bonitaetsauskunft',
        contentType: 'application/json',
        body: JSON.stringify(request),
      });
      const raw = parseJson(res.body) as InfoscoreAnswer | undefined;
      if (res.status === 404 && raw?.ergebnis === 'KEIN_TREFFER') throw new PersonUnknownError('infoscore', request, raw);
      if (res.status !== 200 || !raw)
        throw new BureauProtocolError('infoscore', `unexpected answer HTTP ${res.status}`, res.status, raw ?? res.body);
      if (raw.ergebnis !== 'TREFFER' || typeof raw.scorewert !== 'number') {
        throw new BureauProtocolError('infoscore', 'answer without a score', res.status, raw);
      }
      const score = normaliseInfoscore(raw.scorewert);
      return {
        bureau: 'infoscore',
        score,
        trafficLight: trafficLightOf(score, opts.thresholds),
        fraudSuspicion: raw.betrugsverdacht === true,
        request,
        raw,
      };
    },
  };
}
