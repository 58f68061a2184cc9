import { z } from "zod";
import { SyncEntityTypeSchema } from "./entity_order.ts";

/** Whether a record should exist and count in QBO. */
export const RecordStateSchema = z.enum(["active", "voided", "deleted"]);
export type RecordState = z.infer<typeof RecordStateSchema>;

/**
 * What EstateCore wants QBO to hold for one record: the mapped QBO payload (without Id/SyncToken,
 * which come from the link), keyed by (entity type, record id), with the record's version.
 */
export const DesiredRecordSchema = z.object({
  recordId: z.string().min(1),
  entityType: SyncEntityTypeSchema,
  version: z.union([z.number().int(), z.string().min(1)]),
  state: RecordStateSchema.default("active"),
  payload: z.record(z.string(), z.unknown()),
});
export type DesiredRecord = z.input<typeof DesiredRecordSchema>;

/**
 * The stored link between an EstateCore record and its QBO object after the last successful sync:
 * the QBO id and SyncToken, the fingerprint and full snapshot of what was last written (the base of
 * three-way merges and sparse updates) and the state QBO is known to be in.
 */
export const SyncLinkSchema = z.object({
  recordId: z.string().min(1),
  entityType: SyncEntityTypeSchema,
  qboId: z.string().min(1),
  syncToken: z.string(),
  fingerprint: z.string(),
  baseSnapshot: z.record(z.string(), z.unknown()),
  state: RecordStateSchema,
});
export type SyncLink = z.infer<typeof SyncLinkSchema>;

/**
 * The key of a record in plans and link maps.
 *
 * @example
 * ```ts
 * syncKey("Invoice", "charge-1"); // "Invoice/charge-1"
 * ```
 */
export function syncKey(entityType: string, recordId: string): string {
  return `${entityType}/${recordId}`;
}
