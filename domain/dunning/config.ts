/**
 * Dunning thresholds that are configuration (README settings). The per-level days, channels and
 * fees are DMN (processes/dunning-procedure.dmn), so an analyst changes them without a release.
 */
export interface DunningConfig {
  /** An item is overdue this many days after its due date (the run's cut-off). */
  graceDays: number;
  /** Accounts whose overdue total is below this are not proposed. */
  minAmountCents: number;
  /** Share of new cases that get the challenger procedure (champion/challenger), 0–100. */
  challengerPercent: number;
  /** Days a notice gives the customer to pay. */
  paymentDays: number;
  /** German federal state whose public holidays move a notice to the next working day. */
  holidayState: string;
  /** Proposals started or correlated per batch. */
  batchSize: number;
}

export const defaultDunningConfig: DunningConfig = {
  graceDays: 1,
  minAmountCents: 500,
  challengerPercent: 20,
  paymentDays: 7,
  holidayState: 'NW',
  batchSize: 500,
};
