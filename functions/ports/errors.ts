/**
 * The errors a port may throw, so use cases can tell them apart without knowing which adapter threw
 * (Powertools-style: one `errors.ts` per area, named classes ending in `Error`). Adapters wrap what
 * their platform throws and keep it as `cause`, for the log.
 */

/** A paging cursor that is not one of ours, or belongs to someone else's listing. */
export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
}

/**
 * An outbound message was not delivered. `retryable: false` means the platform will never accept it
 * (a business error such as a recipient who cannot be reached): do not try again. `code` is the
 * platform's error code, when it gave one (recorded in the case log).
 */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
  readonly retryable: boolean;
  readonly code: number | undefined;

  constructor(message: string, options: { retryable: boolean; code?: number | undefined; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retryable = options.retryable;
    this.code = options.code;
  }
}

/** A delivery the platform refused for good (a DeliveryError that must not be retried). */
export function isPermanentDeliveryFailure(err: unknown): err is DeliveryError {
  return err instanceof DeliveryError && !err.retryable;
}
