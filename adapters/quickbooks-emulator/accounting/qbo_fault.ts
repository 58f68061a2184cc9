/**
 * QBO service faults: the `{"Fault":{"Error":[..],"type":".."},"time":".."}` body QuickBooks
 * returns for data-layer failures. Every expected failure of the accounting core is a
 * {@link QboFault} carrying QBO's numeric code, so routes, batch items and tests share one shape.
 */
export type QboFaultType = "ValidationFault" | "SystemFault" | "AuthorizationFault" | "AuthenticationFault";

/** One `Error` entry of a fault, with QBO's field names. */
export interface QboFaultError {
  readonly Message: string;
  readonly Detail: string;
  readonly code: string;
  readonly element: string;
}

/** An expected QBO failure; `httpStatus` is what a single-object call answers with. */
export class QboFault extends Error {
  readonly code: string;
  readonly detail: string;
  readonly element: string;
  readonly type: QboFaultType;
  readonly httpStatus: 400 | 403 | 404 | 500;

  constructor(
    code: string,
    message: string,
    detail: string,
    options: { element?: string; type?: QboFaultType; httpStatus?: 400 | 403 | 404 | 500 } = {},
  ) {
    super(message);
    this.name = "QboFault";
    this.code = code;
    this.detail = detail;
    this.element = options.element ?? "";
    this.type = options.type ?? "ValidationFault";
    this.httpStatus = options.httpStatus ?? 400;
  }

  /** The `Fault` object as QBO serialises it (used in responses and batch items). */
  toFaultObject(): { Error: QboFaultError[]; type: QboFaultType } {
    return {
      Error: [{ Message: this.message, Detail: this.detail, code: this.code, element: this.element }],
      type: this.type,
    };
  }
}

/** True for a {@link QboFault} (also across module copies). */
export function isQboFault(value: unknown): value is QboFault {
  return value instanceof QboFault ||
    (value instanceof Error && value.name === "QboFault" && "toFaultObject" in value);
}
