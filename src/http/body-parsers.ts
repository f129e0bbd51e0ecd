/**
 * The only body parsers: JSON that must be valid UTF-8 (no silent U+FFFD replacement) and free of
 * prototype-pollution keys. Any other Content-Type is refused with 415 unless a feature adds a parser.
 */
import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { AppError } from './errors.ts';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Decodes bytes as UTF-8 or throws a VALIDATION error naming `field`. */
export function decodeUtf8(buffer: Buffer, field = 'body'): string {
  try {
    return strictUtf8.decode(buffer);
  } catch {
    throw AppError.validation(field, 'utf8', 'The body is not valid UTF-8 text');
  }
}

export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(/^application\/(.+\+)?json$/, { parseAs: 'buffer' }, (_request, body, done) => {
    const buffer = body as Buffer;
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
