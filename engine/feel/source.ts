/**
 * Lexical view of FEEL source: which characters are code (not inside a string literal, comment or
 * backtick name). The name handling in names.ts rewrites only code.
 */
export type Segment =
  { kind: 'code' | 'string' | 'comment'; from: number; to: number } | { kind: 'backtick'; from: number; to: number; name: string };

export function segments(source: string): Segment[] {
  const out: Segment[] = [];
  let codeStart = 0;
  let i = 0;
  const flushCode = (end: number): void => {
    if (end > codeStart) out.push({ kind: 'code', from: codeStart, to: end });
  };
  while (i < source.length) {
    const c = source[i];
    const next = source[i + 1];
    let end = -1;
    let seg: Segment | undefined;
    if (c === '"') {
      end = i + 1;
      while (end < source.length && source[end] !== '"') end += source[end] === '\\' ? 2 : 1;
      end = Math.min(end + 1, source.length);
      seg = { kind: 'string', from: i, to: end };
    } else if (c === '`') {
      const close = source.indexOf('`', i + 1);
      end = close === -1 ? source.length : close + 1;
      seg = { kind: 'backtick', from: i, to: end, name: source.slice(i + 1, close === -1 ? end : close) };
    } else if (c === '/' && next === '/') {
      const nl = source.indexOf('\n', i);
      end = nl === -1 ? source.length : nl;
      seg = { kind: 'comment', from: i, to: end };
    } else if (c === '/' && next === '*') {
      const close = source.indexOf('*/', i + 2);
      end = close === -1 ? source.length : close + 2;
      seg = { kind: 'comment', from: i, to: end };
    }
    if (seg) {
      flushCode(i);
      out.push(seg);
      i = end;
      codeStart = end;
    } else {
      i++;
    }
  }
  flushCode(source.length);
  return out;
}
