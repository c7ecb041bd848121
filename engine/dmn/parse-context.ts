/** What the parts of the DMN parser share while reading one definitions element. */
import type { Problems } from './compile-logic';
import type { TypeResolver } from './item-types';
import type { NameEscaper } from './names';

/** Options of parseDmn; a deployment uses none (Zeebe's rules). */
export interface ParseOptions {
  /**
   * Evaluation without deployment (the DMN TCK runner, as Camunda's dmn-scala runner evaluates by
   * name): a definitions or decision without an id is known by its name, and a decision without
   * logic fails only when evaluated, instead of rejecting the file. See docs/decisions/dmn-ids.md.
   */
  evaluateOnly?: boolean;
}

export interface Drg {
  problems: Problems;
  escape: NameEscaper;
  /** The definitions' namespace: an href qualified with it is local. */
  namespace: string;
  options: ParseOptions;
  typeOf: TypeResolver;
}

/**
 * The id a requirement's href points to; an href into another model (an import) is reported. An
 * href qualified with the model's own namespace is local (TCK 0091).
 */
export function localId(href: string, elementId: string, drg: Drg): string | undefined {
  const hash = href.indexOf('#');
  if (hash > 0 && href.slice(0, hash) !== drg.namespace) {
    drg.problems.push({ field: elementId, message: `Requirement '${href}' refers to an imported model, which is not supported` });
    return undefined;
  }
  return href.slice(hash + 1);
}
