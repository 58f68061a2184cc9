import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ErrorCode } from "../../domain/errors.ts";

/** The one table from error code to HTTP status. */
export const ERROR_STATUS: Readonly<Record<ErrorCode, ContentfulStatusCode>> = {
  QB001: 502,
  QB002: 409,
  QB003: 429,
  QB004: 422,
  QB005: 409,
  QB006: 422,
  QB007: 503,
  QB008: 409,
  QB009: 422,
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  AUTH_MISSING_TOKEN: 401,
  AUTH_INVALID_TOKEN: 401,
  AUTH_TOKEN_EXPIRED: 401,
  FORBIDDEN: 403,
  ORG_ACCESS_DENIED: 403,
  API_KEY_IP_DENIED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  QBO_ID_ALREADY_LINKED: 409,
  MAPPING_ACCOUNT_INVALID: 422,
  TRACKING_NOT_SUPPORTED: 409,
  LEASE_LOST: 409,
  RATE_LIMITED: 429,
  CONFIG_INVALID: 500,
  OAUTH_STATE_INVALID: 400,
  OAUTH_ACCESS_DENIED: 403,
  OAUTH_AUTHORIZATION_FAILED: 502,
  RETURN_URL_NOT_ALLOWED: 400,
  WEBHOOK_SIGNATURE_INVALID: 401,
  INTERNAL_ERROR: 500,
};

/** Status for a code; unknown codes are server errors. */
export function statusForCode(code: string): ContentfulStatusCode {
  return (ERROR_STATUS as Record<string, ContentfulStatusCode>)[code] ?? 500;
}
