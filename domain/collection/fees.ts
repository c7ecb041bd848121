/**
 * The court fee of the payment-order procedure: 0.5 of a full fee (GKG KV 1100) with a minimum
 * (COLLECTION_COURT_FEE_MIN_CENTS; €36 since 2021). The full fee follows the §34 GKG table as of
 * 1 Jan 2021; the 2025 cost reform raised the table — check the current figures before relying on
 * amounts above the minimum (energy claims mostly stay at the minimum).
 */
import type { Cents } from '../money';

/** [up to value in euros, step in euros, fee per step begun in cents] after the first €500 (€38). */
const steps: Array<[number, number, Cents]> = [
  [2_000, 500, 2_000],
  [10_000, 1_000, 2_100],
  [25_000, 3_000, 2_900],
  [50_000, 5_000, 3_800],
  [200_000, 15_000, 13_200],
  [500_000, 30_000, 19_800],
  [Number.POSITIVE_INFINITY, 50_000, 19_800],
];

/** The full fee (1.0) of §34 GKG for a value in cents. */
export function fullCourtFeeCents(valueCents: Cents): Cents {
  let fee = 3_800;
  let from = 500;
  const value = valueCents / 100;
  for (const [upTo, step, perStep] of steps) {
    if (value <= from) break;
    const span = Math.min(value, upTo) - from;
    fee += Math.ceil(span / step) * perStep;
    from = upTo;
  }
  return fee;
}

/** The fee of the application for a payment order: half a fee, at least the minimum. */
export function paymentOrderFeeCents(claimCents: Cents, minimumCents: Cents): Cents {
  return Math.max(minimumCents, Math.round(fullCourtFeeCents(claimCents) / 2));
}
