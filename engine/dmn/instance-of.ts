/**
 * `instance of` with an item definition's name (`[1,2] instance of tNumberList`, TCK
 * 0070-feel-instance-of): FEEL knows only its own types, so at deployment the name is replaced by
 * the FEEL type the item definition stands for (`list<number>`, `context<a: string>`); allowed
 * values do not take part (an instance of is a type test). feel-scala knows no item definitions:
 * beyond Camunda 8.8, where such a test fails.
 */
import { segments } from '../feel/source';
import type { DmnType, ItemType, TypeResolver } from './item-types';

const FEEL_NAMES: Record<string, string> = {
  dateTime: 'date and time',
  dayTimeDuration: 'days and time duration',
  yearMonthDuration: 'years and months duration',
};

function feelType(type: DmnType | undefined, depth = 0): string {
  if (type === undefined || depth > 8) return 'Any';
  if (typeof type === 'string') {
    const name = type.replace(/^feel:/, '');
    return FEEL_NAMES[name] ?? name;
  }
  return itemFeelType(type, depth);
}

function itemFeelType(type: ItemType, depth: number): string {
  if (type.isFunction) return 'function';
  if (type.collection) return `list<${feelType(type.base, depth + 1)}>`;
  if (type.components) return `context<${type.components.map((c) => `${c.name}: ${feelType(c.type, depth + 1)}`).join(', ')}>`;
  return feelType(type.base, depth + 1);
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Rewrites the item definition names in the types after `instance of` (also as type arguments,
 * `list<tPerson>`), outside string literals.
 */
export function instanceOfRewriter(itemNames: readonly string[], typeOf: TypeResolver): (source: string) => string {
  const names = itemNames.filter((n) => /^[\p{L}_][\p{L}\p{N}_]*$/u.test(n)).sort((a, b) => b.length - a.length);
  if (names.length === 0) return (source) => source;
  const name = `(?:${names.map(escapeRegExp).join('|')})`;
  // `instance of` then a type: the item name itself, or a generic type whose arguments hold it
  const test = new RegExp(`(\\binstance\\s+of\\s+)(${name}(?![\\p{L}\\p{N}_])|[\\p{L}_][\\p{L}\\p{N}_ ]*<[^"]*?>)`, 'gu');
  const inner = new RegExp(`(?<![\\p{L}\\p{N}_])${name}(?![\\p{L}\\p{N}_])`, 'gu');
  const rewrite = (code: string): string =>
    code.replace(test, (_, prefix: string, type: string) => prefix + type.replace(inner, (n) => feelType(typeOf(n))));
  return (source) => {
    if (!source.includes('instance')) return source;
    return segments(source)
      .map((seg) => (seg.kind === 'code' ? rewrite(source.slice(seg.from, seg.to)) : source.slice(seg.from, seg.to)))
      .join('');
  };
}
