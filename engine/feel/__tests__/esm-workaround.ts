/**
 * jest.config.js lets jest transform feelin's ESM dependencies but not temporal-utils (pulled in
 * by temporal-polyfill), so jest cannot load feelin. Node >= 20.19 can require() ESM natively;
 * these mocks hand temporal-utils to Node's own module loader (jest sandboxes `require` and
 * `createRequire`, not `Module._load`). Import this first in a test file; delete it once
 * 'temporal-utils' is listed in jest.config.js's esmPackages.
 */
type NodeModuleLoader = { _load(request: string, parent: null, isMain: boolean): unknown };
const loader = process.getBuiltinModule('node:module') as unknown as NodeModuleLoader;

for (const id of ['temporal-utils', 'temporal-utils/protected', 'temporal-utils/protected-error-messages']) {
  jest.mock(id, () => loader._load(require.resolve(id), null, false));
}
