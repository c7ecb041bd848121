/**
 * DMN names may hold spaces and dashes (`Monthly Income`, `Date-Time`), and the TCK's models use
 * them unquoted in FEEL. FEEL as Camunda parses it knows only plain identifiers and backtick names,
 * so, like dmn-scala's `escapeNamesWithSpaces` / `escapeNamesWithDashes` (which Camunda's own TCK
 * runner turns on), the names the model declares are put in backticks before parsing.
 */
const PLAIN = /^[\p{L}_][\p{L}\p{N}_]*$/u;

/** FEEL's multi-word built-ins: a model name spelled like one must not turn its calls into names. */
const BUILT_INS = new Set([
  'date and time',
  'years and months duration',
  'string length',
  'upper case',
  'lower case',
  'substring before',
  'substring after',
  'starts with',
  'ends with',
  'list contains',
  'list replace',
  'insert before',
  'index of',
  'distinct values',
  'get value',
  'get entries',
  'day of year',
  'day of week',
  'month of year',
  'week of year',
  'string join',
  'round up',
  'round down',
  'round half up',
  'round half down',
  'is defined',
  'get or else',
  'context put',
  'context merge',
  'met by',
  'overlaps before',
  'overlaps after',
  'finished by',
  'started by',
  'time offset',
]);

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export type NameEscaper = (source: string) => string;

/** Code outside string literals and backtick names, as [text, isCode] pieces. */
function pieces(source: string): [string, boolean][] {
  const out: [string, boolean][] = [];
  let start = 0;
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === '"' || c === '`') {
      if (i > start) out.push([source.slice(start, i), true]);
      let j = i + 1;
      while (j < source.length && source[j] !== c) j += source[j] === '\\' ? 2 : 1;
      out.push([source.slice(i, j + 1), false]);
      i = j + 1;
      start = i;
    } else if (c === '/' && (source[i + 1] === '/' || source[i + 1] === '*')) {
      if (i > start) out.push([source.slice(start, i), true]);
      const end = source[i + 1] === '/' ? source.indexOf('\n', i) : source.indexOf('*/', i + 2) + 1;
      const j = end <= 0 ? source.length : end + 1;
      out.push([source.slice(i, j), false]);
      i = j;
      start = i;
    } else {
      i++;
    }
  }
  if (start < source.length) out.push([source.slice(start), true]);
  return out;
}

/** An escaper for the given names; plain identifiers are left alone. */
export function nameEscaper(names: Iterable<string>): NameEscaper {
  const special = [...new Set(names)]
    .filter((n) => n.trim() !== '' && !PLAIN.test(n) && !BUILT_INS.has(n))
    .sort((a, b) => b.length - a.length);
  if (special.length === 0) return (source) => source;
  // Not before ':' — context keys and named arguments may carry spaces unquoted, but not in backticks.
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${special.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}_])(?!\\s*:)`, 'gu');
  return (source) => {
    if (!special.some((n) => source.includes(n))) return source;
    return pieces(source)
      .map(([text, code]) => (code ? text.replace(pattern, (name) => `\`${name}\``) : text))
      .join('');
  };
}
