import { type InvariantIssue, issue } from "./record_context.ts";

/**
 * Every Money inside a record (any object with `cents` and `currency`, at any depth) must be in the
 * organization's currency: the books of one organization have one currency, and the sync never
 * converts.
 *
 * @example
 * ```ts
 * currencyIssues({ amount: { cents: 1, currency: "EUR" } }, "USD")[0].path; // "amount.currency"
 * ```
 */
export function currencyIssues(
  data: unknown,
  organizationCurrency: string,
  path: string[] = [],
): InvariantIssue[] {
  if (Array.isArray(data)) {
    return data.flatMap((item, i) => currencyIssues(item, organizationCurrency, [...path, String(i)]));
  }
  if (data === null || typeof data !== "object") return [];
  const object = data as Record<string, unknown>;
  if ("cents" in object && typeof object.currency === "string") {
    return object.currency === organizationCurrency ? [] : [issue(
      [...path, "currency"].join("."),
      `must be the organization's currency ${organizationCurrency}, not ${object.currency}`,
      "currency_mismatch",
    )];
  }
  return Object.entries(object).flatMap(([key, value]) =>
    currencyIssues(value, organizationCurrency, [...path, key])
  );
}
