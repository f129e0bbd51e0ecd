/**
 * The one error type. Services throw AppError with a stable code; the HTTP layer maps codes to
 * statuses once (error-handler.ts). Messages are written for the person who will read them and
 * never contain personal data.
 */
export const errorCodes = [
  'VALIDATION',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const httpStatusOf: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** One problem with one field: `field` is a dotted path ("affectedCountries.0"), `rule` a short machine word. */
export interface FieldIssue {
  field: string;
  rule: string;
  message: string;
}

export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: ErrorCode;
  readonly details: FieldIssue[] | undefined;
  /** Seconds, for RATE_LIMITED and UNAVAILABLE. */
  readonly retryAfter: number | undefined;

  constructor(code: ErrorCode, message: string, options: { details?: FieldIssue[]; retryAfter?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details;
    this.retryAfter = options.retryAfter;
  }

  get status(): number {
    return httpStatusOf[this.code];
  }

  static validation(field: string, rule: string, message: string): AppError {
    return new AppError('VALIDATION', message, { details: [{ field, rule, message }] });
  }

  static notFound(what: string): AppError {
    return new AppError('NOT_FOUND', `${what} was not found`);
  }

  static conflict(message: string): AppError {
    return new AppError('CONFLICT', message);
  }
}

/** The JSON body of every error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: FieldIssue[]; requestId: string };
}
