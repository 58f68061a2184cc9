import { z } from "zod";
import { DomainError } from "../../errors.ts";

/** The parameters of the period reports (QBO's Reports API reference, docs/quickbooks-api.md §8.1). */
const PERIOD_REPORT_PARAMETERS = [
  "start_date",
  "end_date",
  "date_macro",
  "accounting_method",
  "summarize_column_by",
  "customer",
  "vendor",
  "item",
  "class",
  "department",
  "sort_order",
  "adjusted_gain_loss",
  "qzurl",
] as const;

/**
 * The reports the service passes through (`/qbo/reports/{report}`), by QBO's path name, each with
 * the query parameters QBO documents for it. The built-in emulator serves the same three.
 */
export const QBO_REPORT_PARAMETERS = {
  ProfitAndLoss: PERIOD_REPORT_PARAMETERS,
  BalanceSheet: PERIOD_REPORT_PARAMETERS,
  AgedReceivables: [
    "report_date",
    "aging_method",
    "date_macro",
    "customer",
    "department",
    "sort_order",
    "qzurl",
  ],
} as const satisfies Record<string, readonly string[]>;

export const QboReportNameSchema = z.enum(
  Object.keys(QBO_REPORT_PARAMETERS) as [keyof typeof QBO_REPORT_PARAMETERS],
);
export type QboReportName = z.infer<typeof QboReportNameSchema>;

/** Every parameter some report takes, once. */
export const ALL_QBO_REPORT_PARAMETERS: readonly string[] = [
  ...new Set(Object.values(QBO_REPORT_PARAMETERS).flat()),
];

/** QBO's values are short (dates, enumerations, comma-separated ids); anything longer is refused here. */
const MAX_VALUE_LENGTH = 500;

/**
 * The parameters of `report` as QBO takes them, checked: each must be one QBO documents for that
 * report and hold a non-empty value of at most 500 characters. What the values mean (dates, date
 * macros, enumerations, ids) QBO checks, answering its own faults. VALIDATION_FAILED with
 * `issues[].path` naming each refused parameter and `details.parameters` the report's own.
 *
 * @example
 * ```ts
 * qboReportParameters("AgedReceivables", { report_date: "2026-03-31" }); // { report_date: "2026-03-31" }
 * qboReportParameters("ProfitAndLoss", { aging_method: "Current" }); // throws VALIDATION_FAILED
 * ```
 */
export function qboReportParameters(
  report: QboReportName,
  params: Readonly<Record<string, string>>,
): Record<string, string> {
  const allowed: readonly string[] = QBO_REPORT_PARAMETERS[report];
  const issues = Object.entries(params).flatMap(([name, value]) => {
    const path = `query.${name}`;
    if (!allowed.includes(name)) {
      return [{ path, message: `${report} takes no parameter "${name}"`, code: "unknown_parameter" }];
    }
    if (value.trim() === "" || value.length > MAX_VALUE_LENGTH) {
      return [{ path, message: `must hold 1 to ${MAX_VALUE_LENGTH} characters`, code: "invalid_value" }];
    }
    return [];
  });
  if (issues.length > 0) {
    throw new DomainError(
      "VALIDATION_FAILED",
      `Invalid request: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
      { issues, parameters: allowed },
    );
  }
  return { ...params };
}
