/** Opaque keyset-pagination cursors: base64url of JSON. A bad cursor is a VALIDATION error on `query.cursor`. */
import type { z } from 'zod';
import { AppError } from '../http/errors.ts';

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeCursor<T>(cursor: string, schema: z.ZodType<T>): T {
  try {
    return schema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw AppError.validation('query.cursor', 'cursor', 'cursor is not one this server gave out; start again without it');
  }
}
