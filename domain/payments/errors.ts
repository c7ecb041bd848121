export type PaymentsErrorCode =
  'not_found' | 'unknown_return' | 'not_settled' | 'unknown_account' | 'account_required' | 'invalid_state' | 'invalid_iban';

/** A payments operation that cannot proceed; `code` tells the process which path to take. */
export class PaymentsError extends Error {
  constructor(
    readonly code: PaymentsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PaymentsError';
  }
}
