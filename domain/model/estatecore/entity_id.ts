import { z } from "zod";

/**
 * The grammar of an EstateCore record id: 1 to 100 characters, starting with a letter or digit,
 * then letters, digits and `_ . : @ -` only, and never containing `..`. So an id has no whitespace,
 * no control characters, no quotes or semicolons and no path separators (`/`, `\`): it is safe in a
 * URL path, a log line, a QBO memo and a file name, and `"../../etc/passwd"` or `"x'; DROP TABLE"`
 * are refused wherever an id is taken (record ids and every reference field).
 */
export const ENTITY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,99}$/;

/** True when `value` follows the id grammar of {@link ENTITY_ID_PATTERN}. */
export function isEntityId(value: string): boolean {
  return ENTITY_ID_PATTERN.test(value) && !value.includes("..");
}

/**
 * Identifier of an EstateCore record. Ids are opaque strings chosen by EstateCore; the core never
 * parses them, it only compares them and writes them into QBO notes for traceability. They follow
 * the grammar of {@link ENTITY_ID_PATTERN}.
 *
 * @example
 * ```ts
 * EntityIdSchema.parse("lease_42"); // "lease_42"
 * EntityIdSchema.safeParse("../etc/passwd").success; // false
 * ```
 */
export const EntityIdSchema = z.string().refine(isEntityId, {
  message:
    "id must be 1-100 characters: a letter or digit, then letters, digits or _ . : @ - (no '..', spaces, quotes, slashes or control characters)",
}).meta({
  id: "EntityId",
  description: "An EstateCore record id: 1-100 characters, a letter or digit, then letters, digits or " +
    "`_ . : @ -`, never `..`.",
  // The refinement above, as a JSON Schema pattern (ECMA-262: the lookahead refuses `..`).
  pattern: "^(?!.*\\.\\.)[A-Za-z0-9][A-Za-z0-9_.:@-]{0,99}$",
});
export type EntityId = z.infer<typeof EntityIdSchema>;

/**
 * A billing period as a calendar month (`YYYY-MM`): rent is billed once per lease per month.
 *
 * @example
 * ```ts
 * BillingPeriodSchema.parse("2026-03"); // "2026-03"
 * ```
 */
export const BillingPeriodSchema = z.string().regex(
  /^\d{4}-(0[1-9]|1[0-2])$/,
  "billing period must be YYYY-MM",
).meta({ description: "A calendar month, `YYYY-MM`." });
export type BillingPeriod = z.infer<typeof BillingPeriodSchema>;
