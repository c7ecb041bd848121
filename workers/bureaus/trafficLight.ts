import type { TrafficLight, TrafficLightThresholds } from './types';

/**
 * No bureau defines a traffic light; this is our default mapping of the normalised score.
 * The decision table may map differently; the adapters' light is a first indication.
 */
export function trafficLightOf(score: number, t: TrafficLightThresholds): TrafficLight {
  if (score > t.greenAbove) return 'green';
  if (score < t.redBelow) return 'red';
  return 'yellow';
}

export function clampScore(score: number): number {
  return Math.max(0, Math.min(1000, Math.round(score)));
}
