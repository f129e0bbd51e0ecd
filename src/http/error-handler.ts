/**
 * Maps every error to the one JSON error shape, once. Clients never see a stack trace: an unknown
 * error becomes INTERNAL with the request id, and the details go to the log (which holds no personal data).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { AppError, type ErrorBody, type FieldIssue } from './errors.ts';

const locationPrefix: Record<string, string> = { body: '', querystring: 'query.', params: 'path.', headers: 'header.' };

function fieldIssuesFromZod(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; code: string; message: string; keys?: string[] }>,
  prefix = '',
): FieldIssue[] {
  return issues.flatMap((issue) => {
    const at = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      return issue.keys.map((key) => ({
        field: prefix + (at ? `${at}.${key}` : key),
        rule: 'unknown_field',
        message: `${key} is not a known field`,
      }));
    }
    const field = prefix + (at || (prefix ? prefix.slice(0, -1) : 'body'));
    return [{ field: field || 'body', rule: issue.code, message: issue.message }];
  });
}

export function fieldIssuesFromZodError(error: ZodError, prefix = ''): FieldIssue[] {
  return fieldIssuesFromZod(error.issues as never, prefix);
}

/** Database errors with a meaning for the caller (SQLSTATE classes 23 and 08, 57P). */
function fromDatabaseError(error: { code?: unknown; constraint?: unknown }): AppError | undefined {
  const code = typeof error.code === 'string' ? error.code : '';
  switch (code) {
    case '23505':
      return new AppError('CONFLICT', 'A record with the same unique value already exists');
    case '23503':
      return new AppError('CONFLICT', 'The record is still referenced by other records, or refers to one that does not exist');
    case '23514':
    case '23502':
    case '22001':
    case '22P02':
    case '22007':
    case '22008':
      return new AppError('VALIDATION', `A value broke a database rule (${String(error.constraint ?? code)})`);
    case '40001':
    case '40P01':
      return new AppError('CONFLICT', 'The record was changed at the same time by someone else; try again');
    case '57P01':
    case '57P03':
    case '53300':
      return new AppError('UNAVAILABLE', 'The database is not available; try again shortly', { retryAfter: 5 });
    default:
      if (code.startsWith('08')) return new AppError('UNAVAILABLE', 'The database is not available; try again shortly', { retryAfter: 5 });
      return undefined;
  }
}

function isConnectionFailure(error: Error): boolean {
  return /ECONNREFUSED|ECONNRESET|timeout exceeded when trying to connect|Connection terminated/i.test(error.message);
}

export function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) return new AppError('VALIDATION', 'The request is not valid', { details: fieldIssuesFromZodError(error) });
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as { validationContext?: string }).validationContext ?? 'body';
    const details = fieldIssuesFromZod(
      error.validation.map((v) => ({
        path: v.instancePath.split('/').filter(Boolean),
        code: v.keyword,
        message: v.message ?? 'is not valid',
        keys: (v.params as { keys?: string[] }).keys,
      })),
      locationPrefix[context] ?? '',
    );
    const first = details[0];
    const message = first ? `${first.field}: ${first.message}` : 'The request is not valid';
    return new AppError('VALIDATION', message, { details });
  }
  const fastifyError = error as FastifyError;
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE', 'The request body is larger than the server accepts');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Content-Type is not supported here; send application/json');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return AppError.validation('header.content-length', 'mismatch', 'Content-Length does not match the body');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return AppError.validation('body', 'required', 'The body must not be empty');
    default:
      break;
  }
  const fromDb = fromDatabaseError(error as { code?: unknown });
  if (fromDb) return fromDb;
  if (error instanceof Error && isConnectionFailure(error)) {
    return new AppError('UNAVAILABLE', 'The database is not available; try again shortly', { retryAfter: 5 });
  }
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (status === 429) return new AppError('RATE_LIMITED', 'Too many requests; slow down and try again later');
    if (status === 404) return new AppError('NOT_FOUND', 'Not found');
    if (status === 401) return new AppError('UNAUTHENTICATED', 'Sign in first');
    if (status === 403) return new AppError('FORBIDDEN', 'You are not allowed to do this');
    if (status === 413) return new AppError('PAYLOAD_TOO_LARGE', 'The request body is larger than the server accepts');
    if (status === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Content-Type is not supported here');
    return new AppError('VALIDATION', 'The request is not valid');
  }
  return undefined;
}

export function sendError(reply: FastifyReply, request: FastifyRequest, appError: AppError): FastifyReply {
  const body: ErrorBody = {
    error: {
      code: appError.code,
      message: appError.message,
      ...(appError.details ? { details: appError.details } : {}),
      requestId: String(request.id),
    },
  };
  if (appError.retryAfter !== undefined) reply.header('retry-after', String(appError.retryAfter));
  return reply.status(appError.status).type('application/json; charset=utf-8').send(body);
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error);
    if (appError) {
      if (appError.status >= 500) request.log.warn({ code: appError.code, err: error }, 'request failed');
      return sendError(reply, request, appError);
    }
    request.log.error({ err: error }, 'unexpected error');
    return sendError(reply, request, new AppError('INTERNAL', `Internal server error (reference ${String(request.id)})`));
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, request, new AppError('NOT_FOUND', `There is no ${request.method} ${request.url.split('?')[0]}`)),
  );
}
