/**
 * engine/feel loads feelin, whose dependency temporal-utils is ESM that jest.config.js does not
 * transform yet. Node (>= 20.19) can require() it natively, so hand it to Node's own loader, which
 * jest does not sandbox. Import first in test files that load the parser; remove once
 * 'temporal-utils' is in jest.config.js's esmPackages.
 */
type NodeModuleLoader = { _load(request: string, parent: null, isMain: boolean): unknown };
const nodeModule = process.getBuiltinModule('node:module') as unknown as NodeModuleLoader;

for (const id of ['temporal-utils', 'temporal-utils/protected', 'temporal-utils/protected-error-messages']) {
  jest.mock(id, () => nodeModule._load(require.resolve(id), null, false));
}

export {};
