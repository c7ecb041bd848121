/**
 * A what-if scenario from untrusted input (an HTTP body): checked completely before anything is
 * computed, every wrong field named (`churn[0].percentPerYear`), so a 400 tells the analyst all at once.
 */
import Decimal from 'decimal.js';
import { ForecastError, type Scenario } from './types';

export const MIN_MONTHS = 12;
export const MAX_MONTHS = 36;
const monthPattern = /^(\d{4})-(0[1-9]|1[0-2])$/;
const pricePattern = /^\d{1,6}(\.\d{1,6})?$/;
const percentPattern = /^-?\d{1,4}(\.\d{1,4})?$/;

/** The month (YYYY-MM) after the one a date lies in. */
export function monthAfter(date: string): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

type Detail = { field: string; message: string };

/** A number or a decimal string as text (never computed with as a float); undefined when neither. */
function decimalText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return new Decimal(value).toString();
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return undefined;
}

export function parseScenario(input: unknown, ctx: { asOf: string; tariffCodes: readonly string[] }): Scenario {
  const details: Detail[] = [];
  const fail = (field: string, message: string) => details.push({ field, message });
  const body = input ?? {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new ForecastError([{ field: 'body', message: 'must be an object' }]);
  const b = body as Record<string, unknown>;
  const known = ['months', 'startMonth', 'churn', 'priceChanges', 'newCustomers'];
  for (const key of Object.keys(b)) if (!known.includes(key)) fail(key, 'is not a scenario field');

  let months = MIN_MONTHS;
  if (b.months !== undefined) {
    if (typeof b.months !== 'number' || !Number.isInteger(b.months) || b.months < MIN_MONTHS || b.months > MAX_MONTHS)
      fail('months', `must be a whole number of months from ${MIN_MONTHS} to ${MAX_MONTHS}`);
    else months = b.months;
  }
  const currentMonth = ctx.asOf.slice(0, 7);
  let startMonth = monthAfter(ctx.asOf);
  if (b.startMonth !== undefined) {
    if (typeof b.startMonth !== 'string' || !monthPattern.test(b.startMonth)) fail('startMonth', 'must be a month YYYY-MM');
    else if (b.startMonth < currentMonth) fail('startMonth', `must not lie before the current month ${currentMonth}`);
    else startMonth = b.startMonth;
  }

  const list = (name: string): Record<string, unknown>[] => {
    const v = b[name];
    if (v === undefined) return [];
    if (!Array.isArray(v)) {
      fail(name, 'must be a list');
      return [];
    }
    if (v.length > 100) fail(name, 'at most 100 entries');
    return v.map((item, i) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        fail(`${name}[${i}]`, 'must be an object');
        return {};
      }
      return item as Record<string, unknown>;
    });
  };
  const only = (field: string, item: Record<string, unknown>, allowed: string[]) => {
    for (const key of Object.keys(item)) if (!allowed.includes(key)) fail(`${field}.${key}`, 'is not a field here');
  };
  const tariff = (field: string, value: unknown): string => {
    if (typeof value !== 'string' || !ctx.tariffCodes.includes(value)) fail(field, 'must name a product (tariff code) of the forecast');
    return String(value);
  };
  const seen = (name: string) => {
    const codes = new Set<string>();
    return (field: string, code: string) => {
      if (codes.has(code)) fail(field, `${code} appears twice in ${name}`);
      codes.add(code);
    };
  };

  const churnSeen = seen('churn');
  const churn = list('churn').map((item, i) => {
    const f = `churn[${i}]`;
    only(f, item, ['tariffCode', 'percentPerYear']);
    const tariffCode = tariff(`${f}.tariffCode`, item.tariffCode);
    churnSeen(`${f}.tariffCode`, tariffCode);
    const percent = decimalText(item.percentPerYear);
    if (percent === undefined || !percentPattern.test(percent) || new Decimal(percent).lt(0) || new Decimal(percent).gt(100))
      fail(`${f}.percentPerYear`, 'must be a percentage from 0 to 100 (at most 4 decimals)');
    return { tariffCode, percentPerYear: percent ?? '0' };
  });

  const changeSeen = seen('priceChanges');
  const priceChanges = list('priceChanges').map((item, i) => {
    const f = `priceChanges[${i}]`;
    only(f, item, ['tariffCode', 'fromMonth', 'percent', 'basePriceMonthNet', 'workingPriceKwhNet']);
    const tariffCode = tariff(`${f}.tariffCode`, item.tariffCode);
    const fromMonth = typeof item.fromMonth === 'string' ? item.fromMonth : '';
    if (!monthPattern.test(fromMonth)) fail(`${f}.fromMonth`, 'must be a month YYYY-MM');
    else changeSeen(`${f}.fromMonth`, `${tariffCode} from ${fromMonth}`);
    const percent = decimalText(item.percent);
    const base = decimalText(item.basePriceMonthNet);
    const working = decimalText(item.workingPriceKwhNet);
    if (percent !== undefined && (base !== undefined || working !== undefined))
      fail(`${f}.percent`, 'give either a percentage or new prices, not both');
    else if (percent === undefined && base === undefined && working === undefined)
      fail(`${f}.percent`, 'give a percentage or a new base or working price');
    if (percent !== undefined && (!percentPattern.test(percent) || new Decimal(percent).lte(-100) || new Decimal(percent).gt(1000)))
      fail(`${f}.percent`, 'must be a percentage above -100 and at most 1000 (at most 4 decimals)');
    if (base !== undefined && !pricePattern.test(base))
      fail(`${f}.basePriceMonthNet`, 'must be a net price in euros per month ≥ 0 with a dot, e.g. "11.50"');
    if (working !== undefined && !pricePattern.test(working))
      fail(`${f}.workingPriceKwhNet`, 'must be a net price in euros per kWh ≥ 0 with a dot, e.g. "0.2890"');
    return {
      tariffCode,
      fromMonth,
      ...(percent !== undefined ? { percent } : {}),
      ...(base !== undefined ? { basePriceMonthNet: base } : {}),
      ...(working !== undefined ? { workingPriceKwhNet: working } : {}),
    };
  });

  const newSeen = seen('newCustomers');
  const newCustomers = list('newCustomers').map((item, i) => {
    const f = `newCustomers[${i}]`;
    only(f, item, ['tariffCode', 'perMonth', 'annualKwh']);
    const tariffCode = tariff(`${f}.tariffCode`, item.tariffCode);
    newSeen(`${f}.tariffCode`, tariffCode);
    const perMonth = item.perMonth;
    if (typeof perMonth !== 'number' || !Number.isInteger(perMonth) || perMonth < 0 || perMonth > 100_000)
      fail(`${f}.perMonth`, 'must be a whole number of contracts from 0 to 100000');
    const annualKwh = item.annualKwh;
    if (
      annualKwh !== undefined &&
      (typeof annualKwh !== 'number' || !Number.isInteger(annualKwh) || annualKwh < 1 || annualKwh > 10_000_000)
    )
      fail(`${f}.annualKwh`, 'must be a whole number of kWh per year from 1 to 10000000');
    return { tariffCode, perMonth: Number(perMonth), ...(annualKwh !== undefined ? { annualKwh: Number(annualKwh) } : {}) };
  });

  if (details.length) throw new ForecastError(details);
  return { startMonth, months, churn, priceChanges, newCustomers };
}
