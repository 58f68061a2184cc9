import { z } from "zod";

/**
 * Identifier of an EstateCore record. Ids are opaque strings chosen by EstateCore; the core never
 * parses them, it only compares them and writes them into QBO notes for traceability.
 *
 * @example
 * ```ts
 * EntityIdSchema.parse("lease_42"); // "lease_42"
 * ```
 */
export const EntityIdSchema = z.string().trim().min(1).max(100);
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
);
export type BillingPeriod = z.infer<typeof BillingPeriodSchema>;
