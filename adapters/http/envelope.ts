import { z } from "@hono/zod-openapi";
import { ERROR_CODES, type ErrorCode } from "../../domain/errors.ts";

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

/** Every code the API answers with; each operation's error responses say which of them it can. */
export const ErrorCodeSchema = z.enum(ERROR_CODES).openapi("ErrorCode", {
  description: "A stable error code; each operation's error responses list the ones it can answer with.",
});

export const ErrorSchema = z.object({
  code: ErrorCodeSchema,
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
