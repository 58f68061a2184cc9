import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { DomainError, isDomainError } from "../../domain/errors.ts";
import type { Logger } from "../../domain/ports/logger.ts";
import { errorEnvelope } from "./envelope.ts";
import { statusForCode } from "./error_status.ts";

const STATUS_CODES: Record<number, string> = {
  400: "VALIDATION_FAILED",
  401: "AUTH_INVALID_TOKEN",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  409: "CONFLICT",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  429: "RATE_LIMITED",
};

/** Turns framework exceptions into the product's typed errors. */
function toDomainError(error: unknown): DomainError | null {
  if (isDomainError(error)) return error as DomainError;
  if (error instanceof HTTPException) {
    if (error.status === 413) return new DomainError("PAYLOAD_TOO_LARGE", "The request body is too large");
    if (error.status === 400 && /malformed json|unexpected token|json/i.test(error.message)) {
      return new DomainError("INVALID_JSON", "The request body is not valid JSON");
    }
    const code = STATUS_CODES[error.status];
    if (code) return new DomainError(code as DomainError["code"], error.message || "Request rejected");
  }
  if (error instanceof SyntaxError && /JSON/i.test(error.message)) {
    return new DomainError("INVALID_JSON", "The request body is not valid JSON");
  }
  return null;
}

/**
 * The one error handler: every failure becomes the standard envelope with a code, and the status
 * comes from the single code->status table. Unknown errors are logged with their stack and
 * answered as INTERNAL_ERROR without internals.
 */
export function createErrorHandler(logger: Logger, now: () => Date) {
  return (error: Error, c: Context) => {
    const requestId = (c.get("requestId" as never) as string | undefined) ?? null;
    const known = toDomainError(error);
    if (known) {
      const status = statusForCode(known.code);
      const log = status >= 500 ? logger.error.bind(logger) : logger.info.bind(logger);
      log("request failed", { request_id: requestId, code: known.code, status, path: c.req.path });
      return c.json(
        errorEnvelope({ code: known.code, message: known.message, details: { ...known.details } }, now()),
        status,
      );
    }
    logger.error("unhandled error", {
      request_id: requestId,
      path: c.req.path,
      method: c.req.method,
      error: { name: error?.name, message: error?.message, stack: error?.stack },
    });
    return c.json(
      errorEnvelope(
        {
          code: "INTERNAL_ERROR",
          message: "An unexpected error occurred",
          details: { request_id: requestId },
        },
        now(),
      ),
      500,
    );
  };
}

/** 404 for unknown routes, in the envelope. */
export function notFoundHandler(now: () => Date) {
  return (c: Context) =>
    c.json(
      errorEnvelope({
        code: "NOT_FOUND",
        message: `No route for ${c.req.method} ${c.req.path}`,
        details: null,
      }, now()),
      404,
    );
}
