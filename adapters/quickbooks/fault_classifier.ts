import type { ErrorCode } from "../../domain/errors.ts";
import { QboCallError } from "./qbo_call_error.ts";
import type { QboFault } from "./wire/fault_schema.ts";

/** QBO's "wait 60 seconds" guidance for throttled calls without a Retry-After header. */
export const THROTTLE_DEFAULT_WAIT_MS = 60_000;

/**
 * Turns a non-successful QBO response into a typed error:
 * throttling -> QB003, authentication -> QB001, stale SyncToken (5010) -> QB005,
 * other validation faults -> QB004, 5xx and system faults -> QB007.
 */
export function classifyFailure(input: {
  status: number;
  fault: QboFault | null;
  retryAfterMs: number | null;
  intuitTid: string | null;
  realmId: string;
}): QboCallError {
  const { status, fault } = input;
  const code = fault ? Number(fault.code) : NaN;
  const base = { status, fault, intuitTid: input.intuitTid, realmId: input.realmId };
  if (status === 429 || code === 3001) {
    return new QboCallError("QB003", "QuickBooks throttled the request", {
      ...base,
      retryable: true,
      retryAfterMs: input.retryAfterMs ?? THROTTLE_DEFAULT_WAIT_MS,
    });
  }
  if (status === 401 || status === 403 || code === 3200 || code === 3100 || (code >= 100 && code < 500)) {
    return new QboCallError("QB001", "QuickBooks rejected the credentials of the call", {
      ...base,
      retryable: false,
    });
  }
  if (status >= 500 || fault?.type === "SystemFault" || code >= 10000) {
    return new QboCallError("QB007", "QuickBooks is unavailable", {
      ...base,
      retryable: status >= 500 || fault?.type === "SystemFault",
      retryAfterMs: input.retryAfterMs,
    });
  }
  const errorCode: ErrorCode = code === 5010 ? "QB005" : "QB004";
  const message = fault
    ? `QuickBooks rejected the request: ${fault.message}`
    : `QuickBooks answered HTTP ${status}`;
  return new QboCallError(errorCode, message, { ...base, retryable: false });
}

/** A network-level failure (connection refused/reset, timeout). */
export function networkFailure(realmId: string, cause: unknown): QboCallError {
  return new QboCallError(
    "QB007",
    "QuickBooks could not be reached",
    { status: 0, retryable: true, realmId },
    {
      cause,
    },
  );
}

/** Parses `Retry-After` (delta-seconds or HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(header: string | null, now: Date): number | null {
  if (!header) return null;
  const seconds = Number(header.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}
