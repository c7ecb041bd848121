/**
 * DMN imports (DMN 1.3 §6.3.3): a model imports another by its namespace under an import name;
 * requirements point into it with `namespace#id` hrefs, and FEEL sees its elements as
 * `<import name>.<element name>` (a context named after the import). dmn-scala resolves imports
 * the same way; its failure for an unknown namespace is "No import found for namespace '…'".
 */
import type { ModdleElement } from 'dmn-moddle';
import type { DmnModel } from './model';
import { list, str } from './read-xml';

export interface ImportedModel {
  /** The import name: the prefix of the imported names in FEEL. */
  name: string;
  model: DmnModel;
}

/** DMN model imports; XML Schema or PMML imports are no DMN models and are not resolved. */
const DMN_IMPORT = /^https?:\/\/www\.omg\.org\/spec\/DMN\/\d{8}\/(MODEL\/|dmn\.xsd)$/i;

/**
 * The definitions' DMN imports found among `available` by namespace. One not found is no error
 * until a requirement points into it (as in dmn-scala).
 */
export function readImports(definitions: ModdleElement, available: readonly DmnModel[]): Map<string, ImportedModel> {
  const byNamespace = new Map<string, ImportedModel>();
  for (const element of list(definitions, 'import')) {
    const namespace = str(element, 'namespace') ?? '';
    if (!DMN_IMPORT.test(str(element, 'importType') ?? '')) continue;
    const model = available.find((m) => m.namespace === namespace);
    if (model) byNamespace.set(namespace, { name: str(element, 'name') ?? '', model });
  }
  return byNamespace;
}

/** The names FEEL may use of the imports: the import names and the imported elements' names. */
export function importedNames(imports: Map<string, ImportedModel>): string[] {
  const names: string[] = [];
  for (const { name, model } of imports.values()) {
    names.push(name, ...model.exportedNames);
  }
  return names;
}

/** An imported element's model and id, for a requirement `namespace#id`; undefined for a local id. */
export function importedElement(model: DmnModel, ref: string): { imported: ImportedModel; id: string } | undefined {
  const hash = ref.indexOf('#');
  if (hash <= 0) return undefined;
  const imported = model.imports.get(ref.slice(0, hash));
  return imported ? { imported, id: ref.slice(hash + 1) } : undefined;
}

/** Adds an imported element's value to the import's context in `scope` (`myimport.Say Hello`). */
export function bindImported(scope: Record<string, unknown>, importName: string, name: string, value: unknown): void {
  const current = scope[importName];
  const context = typeof current === 'object' && current !== null && !Array.isArray(current) ? current : {};
  scope[importName] = { ...context, [name]: value };
}

/**
 * The variables an imported model's decisions see: the importer's, with the entries of the
 * context named after the import (its input data, `Model B.Person name`) on top.
 */
export function importedVariables(variables: Record<string, unknown>, importName: string): Record<string, unknown> {
  const own = variables[importName];
  return typeof own === 'object' && own !== null && !Array.isArray(own) ? { ...variables, ...(own as Record<string, unknown>) } : variables;
}

const DEFINITIONS_NAMESPACE = /<(?:[\w.-]+:)?definitions\b[^>]*?\snamespace\s*=\s*"([^"]*)"/;
const IMPORT_NAMESPACE = /<(?:[\w.-]+:)?import\b[^>]*?\snamespace\s*=\s*"([^"]*)"/g;

/** The namespace of a DMN file's definitions, read before parsing. */
export function definitionsNamespace(xml: string): string | undefined {
  return DEFINITIONS_NAMESPACE.exec(xml)?.[1];
}

/** The namespaces a DMN file imports, read before parsing (to parse those models first). */
export function importNamespaces(xml: string): string[] {
  return [...xml.matchAll(IMPORT_NAMESPACE)].map((m) => m[1]);
}

/** The files in an order where each comes after the files it imports (cycles keep their order). */
export function importOrder<T extends { xml: string }>(files: readonly T[]): T[] {
  const byNamespace = new Map(files.map((f) => [definitionsNamespace(f.xml), f]));
  const ordered: T[] = [];
  const state = new Map<T, 'visiting' | 'done'>();
  const visit = (file: T): void => {
    if (state.has(file)) return;
    state.set(file, 'visiting');
    for (const ns of importNamespaces(file.xml)) {
      const imported = byNamespace.get(ns);
      if (imported && imported !== file) visit(imported);
    }
    state.set(file, 'done');
    ordered.push(file);
  };
  files.forEach(visit);
  return ordered;
}
