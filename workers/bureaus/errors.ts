import type { BureauName } from './types';

/** The BPMN error code a worker throws for PersonUnknownError, so the model can route it. */
export const PERSON_UNKNOWN_ERROR_CODE = 'PERSON_UNKNOWN';

export abstract class BureauError extends Error {
  constructor(
    readonly bureau: BureauName,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${bureau}: ${message}`, options);
  }
}

/** The bureau answered and knows nobody by these data: a business outcome, not a failure. */
export class PersonUnknownError extends BureauError {
  readonly code = PERSON_UNKNOWN_ERROR_CODE;
  constructor(
    bureau: BureauName,
    readonly request: unknown,
    readonly raw: unknown,
  ) {
    super(bureau, 'person unknown');
    this.name = 'PersonUnknownError';
  }
}

export type UnavailableReason = 'timeout' | 'network' | 'server-error' | 'rate-limited';

/** No usable answer after the retries: a technical error; the job fails and uses up its retries. */
export class BureauUnavailableError extends BureauError {
  constructor(
    bureau: BureauName,
    readonly reason: UnavailableReason,
    readonly attempts: number,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(bureau, `unavailable after ${attempts} attempt(s): ${reason} (${detail})`, options);
    this.name = 'BureauUnavailableError';
  }
}

/** The bureau answered something we cannot read, or refused our request: a defect, not transient. */
export class BureauProtocolError extends BureauError {
  constructor(
    bureau: BureauName,
    message: string,
    readonly status?: number,
    readonly raw?: unknown,
  ) {
    super(bureau, message);
    this.name = 'BureauProtocolError';
  }
}
