import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, descriptors, loadSettings } from './settings';

describe('settings', () => {
  it('every setting is documented in the README', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    const missing = Object.values(descriptors)
      .map((d) => d.env)
      .filter((env) => !readme.includes(`\`${env}\``));
    expect(missing).toEqual([]);
  });

  it('reads typed values and rejects bad ones with the variable name', () => {
    expect(loadSettings({ HTTP_PORT: '9000', ENGINE_EMBEDDED: 'false' })).toMatchObject({ httpPort: 9000, engineEmbedded: false });
    expect(() => loadSettings({ HTTP_PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadSettings({ HTTP_PORT: 'abc' })).toThrow(/HTTP_PORT/);
    expect(() => loadSettings({ LOG_LEVEL: 'verbose' })).toThrow(/LOG_LEVEL: expected one of trace, debug/);
    expect(loadSettings({ CREDITREFORM_PRODUCT: 'bonima' }).creditreformProduct).toBe('bonima');
  });
});
