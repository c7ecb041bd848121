/**
 * Item definitions (DMN 1.3 §7.3.2) resolved at deployment, so that a typeRef naming one can be
 * checked: a collection of a base type, a base type, components (a context), or a function.
 * Names that are neither item definitions nor built-in types are not checked.
 */
import type { ModdleElement } from 'dmn-moddle';
import { child, list, str } from './read-xml';

export interface ItemType {
  name: string;
  collection: boolean;
  /** The typeRef of the items (for a collection) or of the value. */
  base?: DmnType;
  /** A structure: every component must be present in the context (more entries are allowed). */
  components?: { name: string; type?: DmnType }[];
  /** A function type (functionItem): the value must be a function. */
  isFunction?: boolean;
  /** The functionItem's outputTypeRef: a decision service's result type. */
  output?: DmnType;
}

/** A built-in type's typeRef text, or an item definition. */
export type DmnType = string | ItemType;

export type TypeResolver = (typeRef: string | undefined) => DmnType | undefined;

function typeRefOf(el: ModdleElement): string | undefined {
  return str(el, 'typeRef')?.trim() || undefined;
}

/** A resolver for the definitions' item definitions (recursive ones resolve to themselves). */
export function itemTypes(definitions: ModdleElement): TypeResolver {
  const elements = new Map(list(definitions, 'itemDefinition').map((el) => [str(el, 'name') ?? '', el]));
  const resolved = new Map<string, ItemType>();
  const build = (el: ModdleElement, name: string): ItemType => {
    const type: ItemType = { name, collection: el.isCollection === true };
    if (name) resolved.set(name, type);
    const components = list(el, 'itemComponent');
    const fnItem = child(el, 'functionItem');
    if (fnItem) {
      type.isFunction = true;
      type.output = resolve(str(fnItem, 'outputTypeRef'));
    } else if (components.length > 0) {
      const structure: ItemType = { name: `${name} item`, collection: false };
      structure.components = components.map((c) => ({ name: str(c, 'name') ?? '', type: component(c) }));
      if (type.collection) type.base = structure;
      else type.components = structure.components;
    } else {
      type.base = resolve(typeRefOf(el));
    }
    return type;
  };
  const component = (el: ModdleElement): DmnType | undefined =>
    list(el, 'itemComponent').length > 0 || el.isCollection === true || child(el, 'functionItem') ? build(el, '') : resolve(typeRefOf(el));
  function resolve(typeRef: string | undefined): DmnType | undefined {
    if (!typeRef) return undefined;
    const known = resolved.get(typeRef);
    if (known) return known;
    const el = elements.get(typeRef);
    return el ? build(el, typeRef) : typeRef;
  }
  return resolve;
}
