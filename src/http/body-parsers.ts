/**
 * The only body parsers: JSON that must be valid UTF-8 (no silent U+FFFD replacement) and free of
 * prototype-pollution keys. Any other Content-Type is refused with 415 unless a feature adds a parser.
 */
import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { AppError } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body's bytes as received, for providers that sign them (WhatsApp). */
    rawBody: Buffer | undefined;
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Decodes bytes as UTF-8 or throws a VALIDATION error naming `field`. */
export function decodeUtf8(buffer: Buffer, field = 'body'): string {
  try {
    return strictUtf8.decode(buffer);
  } catch {
    throw AppError.validation(field, 'utf8', 'The body is not valid UTF-8 text');
  }
}

/** Form fields as a plain object (last value wins), refusing invalid UTF-8 in the bytes or the %-escapes. */
export function parseForm(buffer: Buffer): Record<string, string> {
  const text = decodeUtf8(buffer);
  const params = new URLSearchParams(text);
  const result: Record<string, string> = {};
  for (const [key, value] of params) {
    if ((value.includes('\uFFFD') || key.includes('\uFFFD')) && !/%EF%BF%BD|\uFFFD/i.test(text)) {
      throw AppError.validation(key.includes('\uFFFD') ? 'body' : key, 'utf8', 'The form is not valid UTF-8 text');
    }
    result[key] = value;
  }
  return result;
}

export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.decorateRequest('rawBody', undefined);
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (request, body, done) => {
    request.rawBody = body as Buffer;
    try {
      done(null, parseForm(body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.addContentTypeParser(/^application\/(.+\+)?json$/, { parseAs: 'buffer' }, (request, body, done) => {
    const buffer = body as Buffer;
    request.rawBody = buffer;
    if (buffer.length === 0) return done(null, undefined);
    let text: string;
    try {
      text = decodeUtf8(buffer);
    } catch (error) {
      return done(error as Error, undefined);
    }
    try {
      done(null, secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }));
    } catch (error) {
      const reason = error instanceof SyntaxError ? error.message : 'it uses a forbidden key (__proto__ or constructor)';
      done(AppError.validation('body', 'json', `The body is not valid JSON: ${reason}`), undefined);
    }
  });
}
