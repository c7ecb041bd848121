/**
 * Errors of customer care, mapped to problems at the HTTP edge (404, 400, 409, 422) and to
 * incidents in workers. `refused`: the request is well-formed but a business rule says no (a
 * withdrawal after its 14 days, a termination before the minimum term); the message says why.
 */
export type CareErrorCode = 'not_found' | 'invalid' | 'conflict' | 'refused';

export class CareError extends Error {
  constructor(
    readonly code: CareErrorCode,
    message: string,
    /** The input field at fault, for the problem's details. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'CareError';
  }
}
