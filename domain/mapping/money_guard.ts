import { DomainError } from "../errors.ts";
import { decimalToCents } from "../shared/money.ts";

/**
 * The last check before a payload leaves for QuickBooks: the money it carries must be the money
 * the record says, in the currency the company books it in. Intake already refuses such records;
 * this guard holds even for a record stored before a rule existed or a mapper with a bug. It never
 * repairs anything: a disagreement is a per-record failure (QB009) and nothing of the record is sent.
 *
 * What it checks, for every payload built from one record (or one charge group):
 * - every Money of the record is in the company's home currency (payloads carry no CurrencyRef,
 *   so QBO would book any amount as home currency), and a CurrencyRef a payload does carry is it;
 * - every amount in the payload (`Amount`, `TotalAmt`, `UnitPrice`) is a finite, non-negative
 *   decimal with at most two places (QBO expresses direction by entity and posting type, never by
 *   sign);
 * - the payload's total is the record's: a Payment's TotalAmt is the payment amount, an invoice's
 *   sales lines add up to its charges, a Bill's or Purchase's expense lines to the expense.
 */
export interface MoneyExpectation {
  /** The home currency of the company (the organization's currency). */
  readonly currency: string;
  /** The record(s) the payloads were built from; every `{cents, currency}` inside is checked. */
  readonly records: readonly unknown[];
  /** Total (in cents) that the payload of the given entity must carry, when the record fixes one. */
  readonly totals?: Readonly<Partial<Record<string, number>>>;
}

export interface GuardedPayload {
  readonly entity: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

const AMOUNT_FIELDS = new Set(["Amount", "TotalAmt", "UnitPrice"]);

type Violation = { readonly rule: string; readonly field: string; readonly message: string };

function isMoney(value: unknown): value is { cents: unknown; currency: unknown } {
  return typeof value === "object" && value !== null && "cents" in value && "currency" in value;
}

function recordMoneyViolations(value: unknown, path: string, currency: string, out: Violation[]): void {
  if (isMoney(value)) {
    if (value.currency !== currency) {
      out.push({
        rule: "currency_mismatch",
        field: path,
        message: `${path} is in ${String(value.currency)}; the company books in ${currency}`,
      });
    }
    if (typeof value.cents !== "number" || !Number.isSafeInteger(value.cents) || value.cents < 0) {
      out.push({
        rule: "negative_amount",
        field: path,
        message: `${path} must be a non-negative whole number of cents, got ${String(value.cents)}`,
      });
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) =>
      recordMoneyViolations(v, path === "" ? String(i) : `${path}.${i}`, currency, out)
    );
  } else if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      recordMoneyViolations(v, path === "" ? k : `${path}.${k}`, currency, out);
    }
  }
}

function payloadViolations(value: unknown, path: string, currency: string, out: Violation[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => payloadViolations(v, `${path}[${i}]`, currency, out));
    return;
  }
  if (typeof value !== "object" || value === null) return;
  for (const [key, v] of Object.entries(value)) {
    const field = path === "" ? key : `${path}.${key}`;
    if (AMOUNT_FIELDS.has(key)) {
      if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || Math.round(v * 100) / 100 !== v) {
        out.push({
          rule: "negative_amount",
          field,
          message: `${field} must be a non-negative amount with at most two decimals, got ${String(v)}`,
        });
      }
    } else if (key === "CurrencyRef") {
      const code = (v as { value?: unknown } | null)?.value;
      if (code !== currency) {
        out.push({
          rule: "currency_mismatch",
          field,
          message: `${field} is ${String(code)}; the company books in ${currency}`,
        });
      }
    } else {
      payloadViolations(v, field, currency, out);
    }
  }
}

const LINE_DETAIL: Readonly<Record<string, string>> = {
  Invoice: "SalesItemLineDetail",
  Bill: "AccountBasedExpenseLineDetail",
  Purchase: "AccountBasedExpenseLineDetail",
};

/** The total a payload carries, in cents: TotalAmt when set, else the sum of its detail lines. */
export function payloadTotalCents(entity: string, payload: Readonly<Record<string, unknown>>): number {
  if (typeof payload.TotalAmt === "number" && entity === "Payment") return decimalToCents(payload.TotalAmt);
  const detail = LINE_DETAIL[entity];
  const lines = Array.isArray(payload.Line) ? payload.Line as Record<string, unknown>[] : [];
  return lines
    .filter((l) => detail === undefined || l.DetailType === detail)
    .reduce((sum, l) => sum + (typeof l.Amount === "number" ? decimalToCents(l.Amount) : 0), 0);
}

/**
 * Throws QB009 (listing every violation) when the payloads disagree with the record's money.
 *
 * @example
 * ```ts
 * guardMoney({ currency: "USD", records: [payment], totals: { Payment: 70_000 } },
 *   [{ entity: "Payment", payload: { TotalAmt: 700, Line: [] } }]); // passes
 * ```
 */
export function guardMoney(expected: MoneyExpectation, payloads: readonly GuardedPayload[]): void {
  const violations: Violation[] = [];
  expected.records.forEach((r) => recordMoneyViolations(r, "", expected.currency, violations));
  for (const { entity, payload } of payloads) {
    payloadViolations(payload, entity, expected.currency, violations);
    const total = expected.totals?.[entity];
    if (total !== undefined) {
      const actual = payloadTotalCents(entity, payload);
      if (actual !== total) {
        violations.push({
          rule: "total_mismatch",
          field: entity,
          message: `${entity} would carry ${actual} cents; the record says ${total}`,
        });
      }
    }
  }
  if (violations.length === 0) return;
  throw new DomainError(
    "QB009",
    `Refused to send money that disagrees with the record: ${violations.map((v) => v.message).join("; ")}`,
    { violations },
  );
}
