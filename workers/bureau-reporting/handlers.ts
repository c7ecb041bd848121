/**
 * Job handlers of `bureau-reporting` (processes/bureau-reporting.bpmn): the monthly report of
 * negative payment experiences to the credit bureaus. Two steps, each idempotent:
 * - prepare: the set-based choice of claims (domain/bureau-reporting), stored as pending deliveries;
 * - transmit: every pending delivery of the period to its bureau, and the answer into the log.
 * Only counts travel as variables.
 */
import { ConfigError, descriptors, type Settings } from '../../config/settings';
import {
  deliveryPaths,
  markSending,
  pendingDeliveries,
  prepareDeliveries,
  recordAnswer,
  reportingBureaus,
  reportPeriod,
  type ReportingBureau,
} from '../../domain/bureau-reporting';
import type { AccountingDeps } from '../billing/context';
import { parseAnswer } from './answers';
import { postWithRetry } from '../bureaus/http';
import type { AdapterOptions } from '../bureaus/types';
import type { JobHandler, Vars } from '../runtime';

export type BureauReportingSettings = Pick<
  Settings,
  | 'bureauReportBureaus'
  | 'bureauReportMinNotices'
  | 'bureauReportWaitDays'
  | 'bureauReportBatchSize'
  | 'bureauReportMemberNumber'
  | 'creditreformBaseUrl'
  | 'schufaBaseUrl'
  | 'bureauTimeoutMs'
  | 'bureauRetries'
  | 'bureauRetryBackoffMs'
  | 'creditScoreGreenAbove'
  | 'creditScoreRedBelow'
>;

/** BUREAU_REPORT_BUREAUS as a list; an unknown name stops the start naming the setting. */
export function reportingBureausOf(value: string): ReportingBureau[] {
  const names = value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  for (const n of names)
    if (!(reportingBureaus as readonly string[]).includes(n))
      throw new ConfigError(descriptors.bureauReportBureaus.env, `expected creditreform and/or schufa, got "${n}"`);
  return [...new Set(names)] as ReportingBureau[];
}

export function createBureauReportingHandlers(deps: AccountingDeps, settings: BureauReportingSettings): Record<string, JobHandler> {
  const { db } = deps;
  const bureaus = reportingBureausOf(settings.bureauReportBureaus);
  const adapter = (bureau: ReportingBureau): AdapterOptions => ({
    baseUrl: bureau === 'creditreform' ? settings.creditreformBaseUrl : settings.schufaBaseUrl,
    timeoutMs: settings.bureauTimeoutMs,
    retries: settings.bureauRetries,
    retryBackoffMs: settings.bureauRetryBackoffMs,
    thresholds: { greenAbove: settings.creditScoreGreenAbove, redBelow: settings.creditScoreRedBelow },
  });
  const periodOf = (vars: Vars) => (typeof vars.period === 'string' ? vars.period : undefined);

  return {
    async 'bureau-reporting.prepare'(vars: Vars): Promise<Vars> {
      const { period, reportDate } = reportPeriod(periodOf(vars), deps.today());
      const prepared = await prepareDeliveries(db, {
        period,
        reportDate,
        bureaus,
        rules: { minNotices: settings.bureauReportMinNotices, waitDays: settings.bureauReportWaitDays },
        memberNumber: settings.bureauReportMemberNumber,
        batchSize: Math.max(1, settings.bureauReportBatchSize),
      });
      return { period, reportDate, bureaus: bureaus.join(','), ...prepared };
    },

    async 'bureau-reporting.transmit'(): Promise<Vars> {
      let accepted = 0;
      let rejected = 0;
      let sent = 0;
      // Every pending delivery, also one a failed run of an earlier period left: it was prepared, so it is owed.
      for (const d of await pendingDeliveries(db)) {
        await markSending(db, d.id, new Date());
        // Timeouts and 5xx are retried here, then fail the job (it stays pending for the job's retry).
        const res = await postWithRetry(d.bureau, adapter(d.bureau), {
          path: deliveryPaths[d.bureau],
          contentType: d.contentType,
          body: d.payload,
        });
        const outcome = await recordAnswer(db, d.id, {
          status: res.status,
          body: res.body,
          answer: res.status === 200 ? parseAnswer(d.bureau, res.body) : undefined,
        });
        sent += 1;
        accepted += outcome.accepted;
        rejected += outcome.rejected;
      }
      return { deliveriesSent: sent, recordsAccepted: accepted, recordsRejected: rejected };
    },
  };
}
