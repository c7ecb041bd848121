// ESM-only dependencies (feelin, bpmn-moddle, ...) are transformed to CommonJS so jest can load them.
const esmPackages = [
  'feelin', 'lezer-feel', '@lezer', 'min-dash', 'temporal-polyfill', 'temporal-utils', 'temporal-spec', 'bpmn-moddle', 'dmn-moddle',
  'moddle', 'moddle-xml', 'saxen', 'cron-parser', 'luxon', 'pdf-parse', 'pdfjs-dist', '@electric-sql', 'cookie',
];
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/data/'],
  transform: { '^.+\\.(t|j|mj|cj)s$': '<rootDir>/test/esbuild-transform.js' },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  testTimeout: 30000,
  maxWorkers: 2,
  // The SDK's clients keep reconnect timers for a few seconds after close; don't wait for them.
  forceExit: true,
};
