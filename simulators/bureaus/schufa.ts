import { reportId, type ParsedRequest, type SimulatedBureauApi } from './api';
import { json } from './http';
import { within } from './personas';

/**
 * SCHUFA-style consumer score: a percentage (probability of fulfilment, 0–99.99) in five rating
 * classes. JSON, English keys, POST /v1/consumer-scores.
 */
const ratings = [
  { from: 97.2, rating: 'HERVORRAGEND', risk: 'sehr geringes Risiko' },
  { from: 90, rating: 'GUT', risk: 'geringes Risiko' },
  { from: 80, rating: 'AKZEPTABEL', risk: 'zufriedenstellendes Risiko' },
  { from: 30, rating: 'AUSREICHEND', risk: 'erhöhtes Risiko' },
  { from: 0, rating: 'UNGENUEGEND', risk: 'sehr hohes Risiko' },
] as const;

function ratingOf(percent: number) {
  return ratings.find((r) => percent >= r.from) ?? ratings[ratings.length - 1];
}

export const schufaApi: SimulatedBureauApi = {
  name: 'schufa',

  parse(method, path, body) {
    if (method !== 'POST' || path !== '/v1/consumer-scores')
      return json(404, { error: 'NOT_FOUND', message: `no route ${method} ${path}` });
    let req: {
      reference?: string;
      consumer?: { firstName?: string; lastName?: string; dateOfBirth?: string; currentAddress?: { postalCode?: string } };
    };
    try {
      req = JSON.parse(body);
    } catch {
      return json(400, { error: 'INVALID_JSON', message: 'body is not JSON' });
    }
    const c = req.consumer;
    if (!c?.firstName || !c.lastName || !c.dateOfBirth || !c.currentAddress?.postalCode) {
      return json(400, {
        error: 'VALIDATION_FAILED',
        message: 'consumer.firstName, lastName, dateOfBirth and currentAddress.postalCode are required',
      });
    }
    return { person: { firstName: c.firstName, lastName: c.lastName, birthDate: c.dateOfBirth }, reference: req.reference ?? '' };
  },

  answer(request: ParsedRequest, b) {
    if (b.kind === 'failing') return json(500, { error: 'INTERNAL_ERROR', message: 'Scoring service temporarily failed' });
    const base = { reportId: reportId('SCH'), reference: request.reference, createdAt: new Date().toISOString() };
    if (b.kind === 'unknown')
      return json(200, {
        ...base,
        identification: 'NOT_IDENTIFIED',
        score: null,
        negativeFeatures: [],
        fraudPreCheck: { result: 'NOT_CHECKED' },
      });
    const percent =
      b.band === 'green'
        ? within(90.5, 99.4, b.position, 2)
        : b.band === 'yellow'
          ? within(46, 76, b.position, 2)
          : within(4, 28, b.position, 2);
    const r = ratingOf(percent);
    return json(200, {
      ...base,
      identification: 'IDENTIFIED',
      score: { value: percent, unit: 'PERCENT', rating: r.rating, riskDescription: r.risk },
      negativeFeatures: b.band === 'red' ? [{ code: 'OPEN_CLAIM', text: 'Forderung tituliert', since: '2023-04-12' }] : [],
      fraudPreCheck: { result: b.fraud ? 'HIT' : 'NO_HIT' },
    });
  },

  unavailable: () => json(503, { error: 'SERVICE_UNAVAILABLE', message: 'maintenance' }),
};
