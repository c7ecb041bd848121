/**
 * Conversion built-ins where feel-scala 1.19 (ConversionBuiltinFunctions) accepts more than
 * feelin: `number(from)` and `number(from, grouping)` (feelin wants all three arguments),
 * separators restricted to feel-scala's, and `date and time(dateTime, timezone)`, which moves a
 * date-time into a zone (same instant) or gives a local one a zone.
 */
import { evaluate, FeelDateTime, FeelFunction } from 'feelin';

const GROUPING = new Set([' ', ',', '.']);
const DECIMAL = new Set([',', '.']);
/** What java.math.BigDecimal(String) accepts. */
const NUMBER_TEXT = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function parseNumber(text: string): number | null {
  if (!NUMBER_TEXT.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

function number(from: unknown, grouping?: unknown, decimal?: unknown): number | null {
  if (typeof from !== 'string') return null;
  const g = grouping ?? null;
  const d = decimal ?? null;
  if (g !== null && (typeof g !== 'string' || !GROUPING.has(g))) return null;
  if (d !== null && (typeof d !== 'string' || !DECIMAL.has(d))) return null;
  if (g !== null && g === d) return null;
  let text = g === null ? from : from.split(g).join('');
  if (d !== null) text = text.split(d).join('.');
  return parseNumber(text);
}

/**
 * feelin's own `date and time` for the forms it implements like feel-scala. It cannot be looked
 * up as a value (multi-word built-ins are no names), so it is called in an evaluation of its own.
 */
function nativeDateAndTime(date: unknown, time: unknown, from: unknown): unknown {
  const source =
    from !== undefined ? 'date and time(from: __from)' : time !== undefined ? 'date and time(__date, __time)' : 'date and time(__date)';
  return evaluate(source, { __date: date, __time: time, __from: from }).value;
}

function inZone(dateTime: FeelDateTime, zone: string): FeelDateTime | null {
  try {
    const id = zone === 'Z' ? 'UTC' : zone;
    if (dateTime.zone === null) {
      // LocalDateTime.atZone: the wall-clock time in that zone (toZonedDateTime checks the zone)
      dateTime.unwrap().toZonedDateTime(id);
      return new FeelDateTime(dateTime.unwrap(), id);
    }
    const instant = dateTime.unwrap().toZonedDateTime(dateTime.zone === 'Z' ? 'UTC' : dateTime.zone);
    return new FeelDateTime(instant.withTimeZone(id).toPlainDateTime(), id);
  } catch {
    return null;
  }
}

export const conversionFunctions: Readonly<Record<string, FeelFunction>> = {
  number: new FeelFunction(number, ['from', 'grouping separator', 'decimal separator']),
  'date and time': new FeelFunction(
    (date: unknown, time: unknown, from: unknown) => {
      if (date instanceof FeelDateTime && typeof time === 'string') return inZone(date, time);
      return nativeDateAndTime(date, time, from);
    },
    ['date', 'time', 'from'],
  ),
};
