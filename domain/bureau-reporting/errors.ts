/** Errors of bureau reporting: 400/404 at the HTTP edge, incidents in workers. */
export type BureauReportingErrorCode = 'invalid' | 'not_found' | 'config';

export class BureauReportingError extends Error {
  constructor(
    readonly code: BureauReportingErrorCode,
    message: string,
    /** The input field at fault, for a 400's details. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'BureauReportingError';
  }
}
