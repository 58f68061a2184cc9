import { DomainError, type ErrorCode } from "../../domain/errors.ts";
import type { QboFault } from "./wire/fault_schema.ts";

/**
 * A failed QuickBooks call: a DomainError with the QBO fault in its details, plus what the
 * resilience layer needs to decide on a retry. Tokens never appear here: QBO's own detail text
 * can quote a token ("Token expired: AB01..."), so details pass through {@link redactTokens}.
 */
export class QboCallError extends DomainError {
  /** Whether trying the same call again may succeed (429, 5xx, network). */
  readonly retryable: boolean;
  /** Server-requested wait (Retry-After), in milliseconds. */
  readonly retryAfterMs: number | null;
  /** HTTP status, or 0 for network failures. */
  readonly status: number;

  constructor(
    code: ErrorCode,
    message: string,
    init: {
      status: number;
      retryable: boolean;
      retryAfterMs?: number | null;
      fault?: QboFault | null;
      intuitTid?: string | null;
      realmId?: string;
      /** When an open circuit lets calls through again (the call was never sent). */
      circuitRetryAt?: string | null;
    },
    options?: ErrorOptions,
  ) {
    super(code, redactTokens(message), {
      http_status: init.status,
      realm_id: init.realmId ?? null,
      intuit_tid: init.intuitTid ?? null,
      qbo_fault_type: init.fault?.type ?? null,
      qbo_code: init.fault?.code ?? null,
      qbo_message: init.fault ? redactTokens(init.fault.message) : null,
      qbo_detail: init.fault?.detail ? redactTokens(init.fault.detail) : null,
      qbo_element: init.fault?.element ?? null,
      ...(init.circuitRetryAt ? { circuit_retry_at: init.circuitRetryAt } : {}),
    }, options);
    this.name = "QboCallError";
    this.retryable = init.retryable;
    this.retryAfterMs = init.retryAfterMs ?? null;
    this.status = init.status;
  }
}

/** Masks anything that looks like a bearer/refresh token or JWT in free text from QBO. */
export function redactTokens(text: string): string {
  return text
    .replace(/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, "[redacted-token]")
    .replace(/\b(?:AB|RT|L0)[A-Za-z0-9]{20,}\b/g, "[redacted-token]")
    .replace(/(token[^:]*:\s*)[A-Za-z0-9._-]{16,}/gi, "$1[redacted-token]");
}
