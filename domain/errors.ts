/**
 * Typed errors with stable codes. Every failure the product reports carries one of these codes;
 * the HTTP adapter maps codes to statuses in one table (adapters/http/error_status.ts).
 *
 * QB001..QB009 are the integration's business codes:
 * - QB001 QuickBooks rejected the credentials of a call (401 from QBO, not connected).
 * - QB002 The connection needs re-authorization (refresh token invalid, expired or revoked).
 * - QB003 QuickBooks throttled the call (429 / fault 3001) or the local rate budget is spent.
 * - QB004 QuickBooks rejected the payload (validation fault, 2xxx/6xxx codes).
 * - QB005 A sync conflict: both sides changed a field, or a posted transaction was edited in QBO.
 * - QB006 An account mapping is missing for a property and charge type / expense category.
 * - QB007 QuickBooks is unavailable (5xx, network, circuit open) or the call failed unexpectedly.
 * - QB008 An automation workflow run failed.
 * - QB009 The push refused a payload whose money disagrees with its record (currency, sign or total);
 *   nothing of that record was sent (domain/mapping/money_guard.ts).
 *
 * QBO_ID_ALREADY_LINKED: QuickBooks answered with an object id that another EstateCore record of
 * the company is already linked to; the record is stopped until someone reconciles the two.
 *
 * The OAuth hand-off (issue 12): OAUTH_STATE_INVALID the callback's state is missing, unknown, used
 * or expired (or the callback is malformed); OAUTH_ACCESS_DENIED the user declined on Intuit's
 * consent page (`error=access_denied` with a valid state); OAUTH_AUTHORIZATION_FAILED Intuit sent
 * another `error=` back; RETURN_URL_NOT_ALLOWED `POST /connect`'s return_url is not in
 * OAUTH_RETURN_URL_ALLOWLIST.
 *
 * MAPPING_ACCOUNT_INVALID: an account mapping names a QBO account the connected company does not
 * have, has made inactive, or whose type does not fit the purpose (details.problems name each).
 *
 * TRACKING_NOT_SUPPORTED: the settings track properties (or units) as Classes or Locations, and the
 * QuickBooks company has that tracking turned off in its preferences; the push sends nothing until
 * tracking is turned on in QuickBooks or another property_tracking is chosen.
 *
 * API_KEY_IP_DENIED: an API key with an IP allow-list was used from an address outside it (or from
 * an address that cannot be known); the attempt is audited.
 *
 * LEASE_LOST: a job's lease passed to another worker while this one ran it (the lease expired and
 * the job was claimed again); the former holder stops without recording anything
 * (domain/ports/job_queue.ts LeaseLostError).
 *
 * @example
 * ```ts
 * throw new DomainError("QB006", "No income account mapped for rent", { property_id: "p1" });
 * ```
 */
export const ERROR_CODES = [
  "QB001",
  "QB002",
  "QB003",
  "QB004",
  "QB005",
  "QB006",
  "QB007",
  "QB008",
  "QB009",
  "VALIDATION_FAILED",
  "INVALID_JSON",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "AUTH_MISSING_TOKEN",
  "AUTH_INVALID_TOKEN",
  "AUTH_TOKEN_EXPIRED",
  "FORBIDDEN",
  "ORG_ACCESS_DENIED",
  "API_KEY_IP_DENIED",
  "NOT_FOUND",
  "CONFLICT",
  "QBO_ID_ALREADY_LINKED",
  "MAPPING_ACCOUNT_INVALID",
  "TRACKING_NOT_SUPPORTED",
  "LEASE_LOST",
  "RATE_LIMITED",
  "CONFIG_INVALID",
  "OAUTH_STATE_INVALID",
  "OAUTH_ACCESS_DENIED",
  "OAUTH_AUTHORIZATION_FAILED",
  "RETURN_URL_NOT_ALLOWED",
  "WEBHOOK_SIGNATURE_INVALID",
  "INTERNAL_ERROR",
] as const;

/** A stable, documented error code. */
export type ErrorCode = typeof ERROR_CODES[number];

/** Structured, non-secret context that helps a caller act on an error. */
export type ErrorDetails = Readonly<Record<string, unknown>>;

/** Base class of every error the product raises on purpose. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = "DomainError";
    this.code = code;
    this.details = details;
  }
}

/** True when `value` is a {@link DomainError} (works across module copies). */
export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError ||
    (typeof value === "object" && value !== null && "code" in value &&
      typeof (value as { code: unknown }).code === "string" &&
      (ERROR_CODES as readonly string[]).includes((value as { code: string }).code));
}
