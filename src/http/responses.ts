/** Shared OpenAPI response schemas. */
import { z } from 'zod';
import { errorCodes } from './errors.ts';

export const ErrorResponse = z.object({
  error: z.object({
    code: z.enum(errorCodes),
    message: z.string(),
    details: z.array(z.object({ field: z.string(), rule: z.string(), message: z.string() })).optional(),
    requestId: z.string(),
  }),
});

/** The error statuses a typical JSON endpoint can answer with. */
export const errorResponses = {
  400: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  413: ErrorResponse,
  415: ErrorResponse,
} as const;
