/** Why a collection operation was refused; the HTTP edge maps `code` to 404, 409 or 400. */
export type CollectionErrorCode = 'not_found' | 'wrong_state' | 'duplicate_event' | 'invalid';

export class CollectionError extends Error {
  constructor(
    readonly code: CollectionErrorCode,
    message: string,
    /** The request field at fault, for `invalid`. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'CollectionError';
  }
}
