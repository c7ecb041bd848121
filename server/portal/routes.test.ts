import { loadSettings } from '../../config/settings';
import { portalBaseUrl } from './routes';

describe('the sign-in link’s address', () => {
  const forged = { protocol: 'https', host: 'evil.example' };

  it('is PUBLIC_BASE_URL in production, whatever Host the request names', () => {
    const settings = { ...loadSettings({}), appProfile: 'production' };
    expect(portalBaseUrl(settings, forged)).toBe('http://localhost:8080');
    expect(portalBaseUrl({ ...settings, publicBaseUrl: 'https://kunden.energie.example/' }, forged)).toBe('https://kunden.energie.example');
  });

  it('is the configured address in development too, once one is set; else the request’s origin (tests on random ports)', () => {
    const settings = loadSettings({});
    expect(portalBaseUrl({ ...settings, publicBaseUrl: 'https://kunden.energie.example' }, forged)).toBe('https://kunden.energie.example');
    expect(portalBaseUrl(settings, { protocol: 'http', host: '127.0.0.1:43047' })).toBe('http://127.0.0.1:43047');
  });
});
