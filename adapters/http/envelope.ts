import { z } from "@hono/zod-openapi";
import type { ErrorCode } from "../../domain/errors.ts";

/**
 * The one response envelope of the API: `{ success, data, error, timestamp }`. Success carries
 * `data` and `error: null`; failure carries `data: null` and `{ code, message, details }`.
 */
export interface ErrorBody {
  readonly code: ErrorCode | string;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>> | null;
}

export function successEnvelope<T>(data: T, now: Date) {
  return { success: true as const, data, error: null, timestamp: now.toISOString() };
}

export function errorEnvelope(error: ErrorBody, now: Date) {
  return { success: false as const, data: null, error, timestamp: now.toISOString() };
}

export const ErrorSchema = z.object({
  code: z.string().openapi({ example: "VALIDATION_FAILED" }),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).nullable(),
}).openapi("Error");

export const ErrorEnvelopeSchema = z.object({
  success: z.literal(false),
  data: z.null(),
  error: ErrorSchema,
  timestamp: z.string().openapi({ format: "date-time" }),
}).openapi("ErrorEnvelope");

/** OpenAPI schema of a success envelope around `data`. */
export function envelopeOf<T extends z.ZodType>(data: T) {
  return z.object({
    success: z.literal(true),
    data,
    error: z.null(),
    timestamp: z.string().openapi({ format: "date-time" }),
  });
}

/** Standard error responses every authenticated route documents. */
export const STANDARD_ERRORS = {
  400: {
    description: "Invalid request (VALIDATION_FAILED, INVALID_JSON)",
    content: { "application/json": { schema: ErrorEnvelopeSchema } },
  },
  401: {
    description: "Missing, invalid or expired token",
    content: { "application/json": { schema: ErrorEnvelopeSchema } },
  },
  403: {
    description: "Not allowed (FORBIDDEN, ORG_ACCESS_DENIED)",
    content: { "application/json": { schema: ErrorEnvelopeSchema } },
  },
  413: {
    description: "Body too large (PAYLOAD_TOO_LARGE)",
    content: { "application/json": { schema: ErrorEnvelopeSchema } },
  },
  500: {
    description: "Unexpected error (INTERNAL_ERROR)",
    content: { "application/json": { schema: ErrorEnvelopeSchema } },
  },
} as const;
