import { ConfigError, type Settings } from '../../config/settings';
import { createCreditreformAdapter, type CreditreformProduct } from './creditreform';
import { createInfoscoreAdapter } from './infoscore';
import { createSchufaAdapter } from './schufa';
import type { AdapterOptions, BureauAdapter, BureauName } from './types';

export * from './types';
export * from './errors';
export { createSchufaAdapter, normaliseSchufaPercent } from './schufa';
export { createInfoscoreAdapter, normaliseInfoscore } from './infoscore';
export { createCreditreformAdapter, normaliseCreditreformIndex, type CreditreformProduct } from './creditreform';
export { trafficLightOf } from './trafficLight';
export { bureauRequestKey, checkWithAudit, type BureauSubject } from './audit';

type BureauSettings = Pick<
  Settings,
  | 'schufaBaseUrl'
  | 'infoscoreBaseUrl'
  | 'creditreformBaseUrl'
  | 'bureauTimeoutMs'
  | 'bureauRetries'
  | 'bureauRetryBackoffMs'
  | 'creditreformProduct'
  | 'creditScoreGreenAbove'
  | 'creditScoreRedBelow'
>;

/** One adapter per bureau, configured from the settings (a real bureau is plugged in by its base URL). */
export function createBureauAdapters(s: BureauSettings): Record<BureauName, BureauAdapter> {
  const common = (baseUrl: string): AdapterOptions => ({
    baseUrl,
    timeoutMs: s.bureauTimeoutMs,
    retries: s.bureauRetries,
    retryBackoffMs: s.bureauRetryBackoffMs,
    thresholds: { greenAbove: s.creditScoreGreenAbove, redBelow: s.creditScoreRedBelow },
  });
  const product = s.creditreformProduct.toLowerCase();
  if (product !== 'bonima' && product !== 'verita')
    throw new ConfigError('CREDITREFORM_PRODUCT', `expected bonima or verita, got "${s.creditreformProduct}"`);
  return {
    schufa: createSchufaAdapter(common(s.schufaBaseUrl)),
    infoscore: createInfoscoreAdapter(common(s.infoscoreBaseUrl)),
    creditreform: createCreditreformAdapter({ ...common(s.creditreformBaseUrl), product: product as CreditreformProduct }),
  };
}
