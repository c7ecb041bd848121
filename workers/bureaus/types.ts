export const bureauNames = ['schufa', 'infoscore', 'creditreform'] as const;
export type BureauName = (typeof bureauNames)[number];
export type TrafficLight = 'red' | 'yellow' | 'green';

/** The person a bureau is asked about; the same for every bureau. */
export interface PersonQuery {
  firstName: string;
  lastName: string;
  /** ISO date, YYYY-MM-DD. */
  birthDate: string;
  address: { street: string; houseNumber: string; postalCode: string; city: string; country?: string };
  /** Our reference, echoed by the bureau (e.g. the order id). */
  reference?: string;
}

/** Identity checks some bureau products add (Creditreform Bonima: address; Verita: name and address). */
export interface IdentityVerification {
  addressVerified?: boolean;
  nameVerified?: boolean;
}

/** Every bureau's answer on one internal scale; the raw answer is kept for audit. */
export interface BureauResult {
  bureau: BureauName;
  /** 0 (worst) … 1000 (best). */
  score: number;
  trafficLight: TrafficLight;
  fraudSuspicion: boolean;
  verification?: IdentityVerification;
  /** The request as sent, for the audit trail. */
  request: unknown;
  /** The bureau's answer as received (parsed JSON, or the XML text). */
  raw: unknown;
}

export interface BureauAdapter {
  name: BureauName;
  /** Resolves with a normalised result; rejects with PersonUnknownError, BureauUnavailableError or BureauProtocolError. */
  check(person: PersonQuery): Promise<BureauResult>;
}

export interface TrafficLightThresholds {
  /** Scores above this are green. */
  greenAbove: number;
  /** Scores below this are red. */
  redBelow: number;
}

export interface AdapterOptions {
  baseUrl: string;
  timeoutMs: number;
  retries: number;
  retryBackoffMs: number;
  thresholds: TrafficLightThresholds;
}
