import { reportId, type SimulatedBureauApi } from './api';
import { html, json } from './http';
import { within } from './personas';

/**
 * infoscore-style credit report: German JSON keys, German date format, street and house number
 * in one field, a three-digit score where higher is better, and a traffic light of its own.
 * POST /v2/bonitaetsauskunft. An unknown person is a 404.
 */
export const infoscoreApi: SimulatedBureauApi = {
  name: 'infoscore',

  parse(method, path, body) {
    if (method !== 'POST' || path !== '/v2/bonitaetsauskunft') return json(404, { fehlercode: 'E404', meldung: 'Ressource unbekannt' });
    let req: { referenz?: string; person?: { vorname?: string; nachname?: string; geburtsdatum?: string; anschrift?: { plz?: string } } };
    try {
      req = JSON.parse(body);
    } catch {
      return json(400, { fehlercode: 'E400', meldung: 'Ungültiges JSON' });
    }
    const p = req.person;
    const m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(p?.geburtsdatum ?? '');
    if (!p?.vorname || !p.nachname || !m || !p.anschrift?.plz) {
      return json(400, {
        fehlercode: 'E422',
        meldung: 'vorname, nachname, geburtsdatum (TT.MM.JJJJ) und anschrift.plz sind Pflichtfelder',
      });
    }
    return { person: { firstName: p.vorname, lastName: p.nachname, birthDate: `${m[3]}-${m[2]}-${m[1]}` }, reference: req.referenz ?? '' };
  },

  answer(request, b) {
    if (b.kind === 'failing') return html(502, '<html><body><h1>502 Bad Gateway</h1></body></html>');
    const auskunftId = reportId('ISC');
    if (b.kind === 'unknown')
      return json(404, {
        auskunftId,
        referenz: request.reference,
        ergebnis: 'KEIN_TREFFER',
        fehlercode: 'P404',
        meldung: 'Person nicht bekannt',
      });
    const scorewert =
      b.band === 'green' ? within(560, 960, b.position) : b.band === 'yellow' ? within(270, 390, b.position) : within(40, 220, b.position);
    return json(200, {
      auskunftId,
      referenz: request.reference,
      ergebnis: 'TREFFER',
      scorewert,
      ampel: scorewert > 400 ? 'GRUEN' : scorewert >= 250 ? 'GELB' : 'ROT',
      betrugsverdacht: b.fraud,
      hinweise: b.fraud ? ['IDENTITAET_AUFFAELLIG'] : b.band === 'red' ? ['HARTES_NEGATIVMERKMAL'] : [],
    });
  },

  unavailable: () => html(503, '<html><body><h1>503 Service Unavailable</h1></body></html>'),
};
