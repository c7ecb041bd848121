/** Errors of dunning, mapped to problems (400/404/409) at the HTTP edge and to incidents in workers. */
export type DunningErrorCode = 'not_found' | 'invalid' | 'conflict';

export class DunningError extends Error {
  constructor(
    readonly code: DunningErrorCode,
    message: string,
    /** The input field at fault, for a 400's details. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DunningError';
  }
}
