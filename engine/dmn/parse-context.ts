/** What the parts of the DMN parser share while reading one definitions element. */
import type { Problems } from './compile-logic';
import type { TypeResolver } from './item-types';
import type { DmnModel } from './model';
import type { NameEscaper } from './names';

/** Options of parseDmn. */
export interface ParseOptions {
  /**
   * Evaluation without deployment (the DMN TCK runner, as Camunda's dmn-scala runner evaluates by
   * name): a definitions or decision without an id is known by its name, and a decision without
   * logic fails only when evaluated, instead of rejecting the file. See docs/decisions/dmn-ids.md.
   */
  evaluateOnly?: boolean;
  /** Already parsed models the definitions may import (by namespace). */
  imports?: readonly DmnModel[];
}

export interface Drg {
  problems: Problems;
  escape: NameEscaper;
  /** The definitions' namespace: an href qualified with it is local. */
  namespace: string;
  options: ParseOptions;
  typeOf: TypeResolver;
  /** Namespaces of the imported models. */
  imported: ReadonlySet<string>;
}

/**
 * The id a requirement's href points to: a local id (also for an href qualified with the model's
 * own namespace, TCK 0091), or the whole `namespace#id` href of an imported model's element.
 */
export function localId(href: string, elementId: string, drg: Drg): string | undefined {
  const hash = href.indexOf('#');
  if (hash > 0 && href.slice(0, hash) !== drg.namespace) {
    // an element of an imported model keeps its qualified href
    if (drg.imported.has(href.slice(0, hash))) return href;
    drg.problems.push({ field: elementId, message: `No import found for namespace '${href.slice(0, hash)}'.` });
    return undefined;
  }
  return href.slice(hash + 1);
}
