/**
 * String built-ins with regular expressions, as feel-scala 1.19 runs them on java.util.regex
 * (StringBuiltinFunctions): the flags s, m, i and x (comments), Java's `$1`/`${name}` replacement
 * syntax, unknown flag letters ignored. feelin rejects the x flag with an exception and unknown
 * flags with null. Also `list replace` (DMN 1.5, not in feel-scala) with negative positions.
 */
import { FeelFunction } from 'feelin';

/** Java's COMMENTS flag: whitespace and `#...` comments outside character classes are ignored. */
function stripComments(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      out += pattern.slice(i, i + 2);
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === '#') {
      while (i < pattern.length && pattern[i] !== '\n') i++;
    } else if (!/\s/.test(c)) {
      out += c;
    }
  }
  return out;
}

/** A JS RegExp for a Java pattern with FEEL flags, or null when the pattern is invalid. */
export function javaRegExp(pattern: string, flags: string, global: boolean): RegExp | null {
  let source = pattern;
  let js = global ? 'g' : '';
  // leading inline flags, e.g. (?i), which JS does not know
  const inline = /^\(\?([imsx]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    flags += inline[1];
  }
  if (flags.includes('x')) source = stripComments(source);
  for (const f of 'ims') if (flags.includes(f)) js += f;
  for (const unicode of ['u', '']) {
    try {
      return new RegExp(source, js + unicode);
    } catch {
      // Java accepts escapes that the unicode mode rejects (e.g. `\-`): retry without it
    }
  }
  return null;
}

/** Java's Matcher.replaceAll replacement (`$1`, `${name}`, `\$`) in JS String.replace syntax. */
function javaReplacement(replacement: string): string | null {
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i];
    if (c === '\\') {
      if (i + 1 >= replacement.length) return null;
      const next = replacement[++i];
      out += next === '$' ? '$$' : next;
    } else if (c === '$') {
      const named = /^\{([A-Za-z][A-Za-z0-9]*)\}/.exec(replacement.slice(i + 1));
      const group = /^\d/.exec(replacement.slice(i + 1));
      if (named) {
        out += `$<${named[1]}>`;
        i += named[0].length;
      } else if (group) {
        // Java's $0 is the whole match, JS's is $&
        out += group[0] === '0' ? '$&' : `$${group[0]}`;
        i += 1;
      } else {
        return null;
      }
    } else {
      out += c;
    }
  }
  return out;
}

const isText = (v: unknown): v is string => typeof v === 'string';

function fn(parameterNames: string[], body: (...args: any[]) => unknown): FeelFunction {
  return new FeelFunction(body, parameterNames);
}

export const textFunctions: Readonly<Record<string, FeelFunction>> = {
  replace: fn(['input', 'pattern', 'replacement', 'flags'], (input, pattern, replacement, flags) => {
    if (!isText(input) || !isText(pattern) || !isText(replacement)) return null;
    if (flags !== undefined && flags !== null && !isText(flags)) return null;
    const regexp = javaRegExp(pattern, flags ?? '', true);
    const target = javaReplacement(replacement);
    return regexp && target !== null ? input.replace(regexp, target) : null;
  }),
  matches: fn(['input', 'pattern', 'flags'], (input, pattern, flags) => {
    if (!isText(input) || !isText(pattern)) return null;
    if (flags !== undefined && flags !== null && !isText(flags)) return null;
    const regexp = javaRegExp(pattern, flags ?? '', false);
    return regexp ? regexp.test(input) : null;
  }),
  split: fn(['string', 'delimiter'], (string, delimiter) => {
    if (!isText(string) || !isText(delimiter)) return null;
    const regexp = javaRegExp(delimiter, '', false);
    // Java's Pattern.split leaves out what groups capture, JS would include it
    return regexp ? string.split(regexp).filter((_, i) => i % (1 + groupCount(regexp)) === 0) : null;
  }),
  // DMN 1.5's list replace as the TCK has it (1155): a single value is a list of it, a position is
  // truncated to an integer, a match function takes (item, newItem) and must give booleans
  'list replace': fn(['list', 'position', 'newItem', 'match'], (value, at, newItem, match) => {
    if (value === null || value === undefined) return null;
    const list = Array.isArray(value) ? value : [value];
    const position: unknown = at ?? match;
    if (typeof position === 'number') {
      const whole = Math.trunc(position);
      const index = whole < 0 ? list.length + whole : whole - 1;
      if (whole === 0 || index < 0 || index >= list.length) return null;
      return list.map((item, i) => (i === index ? (newItem ?? null) : item));
    }
    if (position instanceof FeelFunction) {
      if (position.parameterNames.length !== 2) return null;
      const matches = list.map((item) => position.invoke([item, newItem ?? null]));
      if (!matches.every((m) => m === true || m === false)) return null;
      return list.map((item, i) => (matches[i] === true ? (newItem ?? null) : item));
    }
    return null;
  }),
};

function groupCount(regexp: RegExp): number {
  return new RegExp(`${regexp.source}|`, regexp.flags.replace('g', '')).exec('')!.length - 1;
}
