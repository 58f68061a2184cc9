import { DomainError } from "../errors.ts";

/** Placeholders available where a tenant is named (display names). */
export const TENANT_PLACEHOLDERS = [
  "first_name",
  "last_name",
  "property_name",
  "unit_number",
  "tenant_id",
] as const;

/** Placeholders available on invoices (memo, custom fields): the tenant's plus the lease's. */
export const INVOICE_PLACEHOLDERS = [...TENANT_PLACEHOLDERS, "lease_id", "billing_period"] as const;

const PLACEHOLDER = /\{([^{}]*)\}/g;

/**
 * The placeholders of a template that are not in `allowed` (e.g. `["{unit}"]`), in order of
 * appearance; empty when the template is valid.
 *
 * @example
 * ```ts
 * unknownPlaceholders("{first_name} {unit}", TENANT_PLACEHOLDERS); // ["{unit}"]
 * ```
 */
export function unknownPlaceholders(template: string, allowed: readonly string[]): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]).filter((name) => !allowed.includes(name))
    .map((name) => `{${name}}`);
}

/**
 * Throws DomainError VALIDATION_FAILED naming `field` when the template uses an unknown placeholder.
 *
 * @example
 * ```ts
 * assertTemplate("display_name_template", "{first_name} {last_name}", TENANT_PLACEHOLDERS); // ok
 * ```
 */
export function assertTemplate(field: string, template: string, allowed: readonly string[]): void {
  const unknown = unknownPlaceholders(template, allowed);
  if (unknown.length > 0) {
    throw new DomainError("VALIDATION_FAILED", `${field} uses unknown placeholder ${unknown.join(", ")}`, {
      field,
      unknown_placeholders: unknown,
      allowed: allowed.map((name) => `{${name}}`),
    });
  }
}

/**
 * Fills a template's placeholders with `values` (missing values become empty), then tidies what an
 * empty value leaves behind: repeated spaces and separators dangling at either end
 * ("Jane Doe - " -> "Jane Doe").
 *
 * @example
 * ```ts
 * renderTemplate("{first_name} {last_name} - {property_name}", { first_name: "Jane", last_name: "Doe" }); // "Jane Doe"
 * ```
 */
export function renderTemplate(
  template: string,
  values: Readonly<Record<string, string | undefined>>,
): string {
  const filled = template.replace(PLACEHOLDER, (_whole, name: string) => values[name] ?? "");
  return filled.replace(/\s+/g, " ").replace(/^[\s\-–—,/|·]+|[\s\-–—,/|·]+$/g, "").replace(/\(\s*\)/g, "")
    .replace(/\s+/g, " ").trim();
}
