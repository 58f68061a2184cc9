/**
 * Report faults, with codes from QBO's validation range so SDKs classify them as validation errors:
 * - 2000 unknown report name (QBO: "Invalid/unsupported object name"),
 * - 2070 a date parameter that is not a real `YYYY-MM-DD` date, or start_date after end_date,
 * - 2170 a parameter outside its enumeration (date_macro, accounting_method, summarize_column_by,
 *   aging_method).
 * The gateway renders them as `{"Fault":{"Error":[{Message, Detail, code}],"type":"ValidationFault"}}`.
 */
export type ReportErrorCode = "2000" | "2070" | "2170";

const MESSAGES: Record<ReportErrorCode, string> = {
  "2000": "Invalid report name",
  "2070": "Invalid Date",
  "2170": "Invalid Enumeration",
};

export class ReportError extends Error {
  readonly code: ReportErrorCode;
  readonly detail: string;

  constructor(code: ReportErrorCode, detail: string) {
    super(MESSAGES[code]);
    this.name = "ReportError";
    this.code = code;
    this.detail = detail;
  }

  /** The `Fault.Error[]` entry as QBO renders it. */
  toFaultError(): { Message: string; Detail: string; code: ReportErrorCode } {
    return { Message: this.message, Detail: this.detail, code: this.code };
  }
}
