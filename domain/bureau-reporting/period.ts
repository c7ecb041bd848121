/**
 * The reporting period: the month reported (YYYY-MM) and its cut-off day (Stichtag). The monthly
 * run on the 1st reports the month just ended; an on-demand run may name a period, also the
 * running month (cut off today).
 */
import { addDays, addMonths, type IsoDate } from '../shared/dates';
import { BureauReportingError } from './errors';

const periodPattern = /^(\d{4})-(0[1-9]|1[0-2])$/;

export interface ReportPeriod {
  period: string;
  /** The last day of the period, or today for the running month. */
  reportDate: IsoDate;
}

/** The period to report on `today`: the named one, or the month before today's. */
export function reportPeriod(period: string | undefined, today: IsoDate): ReportPeriod {
  const p = period === undefined || period === '' ? addMonths(`${today.slice(0, 7)}-01`, -1).slice(0, 7) : period;
  if (!periodPattern.test(p))
    throw new BureauReportingError('invalid', `period must be a month YYYY-MM, got ${JSON.stringify(p)}`, 'period');
  if (p > today.slice(0, 7)) throw new BureauReportingError('invalid', `period ${p} lies in the future`, 'period');
  const lastDay = addDays(addMonths(`${p}-01`, 1), -1);
  return { period: p, reportDate: lastDay < today ? lastDay : today };
}
