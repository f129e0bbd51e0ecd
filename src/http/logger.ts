/**
 * pino options for the server. No bodies, no query strings, no client addresses are logged; the
 * redaction paths are a second line of defence for fields that hold personal data.
 */
import type { FastifyServerOptions } from 'fastify';
import type { Config } from '../config.ts';

export const personalFieldNames = [
  'phone', 'phoneNumber', 'msisdn', 'from', 'to', 'name', 'givenName', 'familyName', 'fullName', 'email',
  'text', 'body', 'messageText', 'password', 'totp', 'token', 'secret', 'address', 'dateOfBirth',
  // node-postgres puts the offending values of a constraint violation in `detail`.
  'detail',
];

export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  ...personalFieldNames,
  ...personalFieldNames.map((field) => `*.${field}`),
  ...personalFieldNames.map((field) => `*.*.${field}`),
];

export function loggerOptions(config: Pick<Config, 'logLevel'>): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    redact: { paths: redactPaths, censor: '[redacted]' },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({
        id: req.id,
        method: req.method,
        path: req.url.split('?')[0],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}
