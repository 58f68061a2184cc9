import { z } from "zod";
import { syncKey } from "../sync/sync_record.ts";
import type { DesiredState } from "./desired_state.ts";
import { ownerKey, type RecordOwners } from "./record_owners.ts";

/** Most explicit records one selective sync may name (the API's bound too). */
export const MAX_SELECTED_RECORDS = 500;

/**
 * What a selective push syncs: whole EstateCore record types and/or single records. Their
 * dependencies that are not in QBO yet (customer, class, items, invoices a payment pays...) come
 * along; everything else is left alone.
 */
export const PushSelectionSchema = z.object({
  record_types: z.array(z.string().min(1).max(40)).max(20).default([]),
  records: z.array(z.object({
    record_type: z.string().min(1).max(40),
    record_id: z.string().min(1).max(200),
  })).max(MAX_SELECTED_RECORDS).default([]),
});
export type PushSelection = z.infer<typeof PushSelectionSchema>;

/** A desired state cut down to a selection, and which of its records were asked for by name or type. */
export interface SelectedState {
  readonly state: DesiredState;
  /** Sync keys (`Entity/recordId`) of desired records the selection names itself (not mere dependencies). */
  readonly chosen: ReadonlySet<string>;
}

/**
 * Keeps the desired records, blocked records and errors of the selection plus, transitively, what
 * the selected blocked records wait for (the missing dependencies name their EstateCore records, so
 * a charge whose tenant was never synced brings the tenant's customer, and a tenant waiting for its
 * property's parent customer brings that). Pure.
 *
 * @example
 * ```ts
 * const { state, chosen } = restrictDesiredState(full, { record_types: [], records: [
 *   { record_type: "charge", record_id: "chg_1" }] }, RecordOwners.of(portfolio));
 * state.desired.map((d) => d.entityType); // ["Item", "Customer", "Invoice"] when tenant and items are new
 * ```
 */
export function restrictDesiredState(
  full: DesiredState,
  selection: PushSelection,
  owners: RecordOwners,
): SelectedState {
  const types = new Set(selection.record_types);
  const named = new Set<string>();
  for (const r of selection.records) {
    const ids = r.record_type === "charge" ? owners.chargesBilledWith(r.record_id) : [r.record_id];
    for (const id of ids) named.add(ownerKey(r.record_type, id));
  }
  const isChosen = (type: string, id: string) => types.has(type) || named.has(ownerKey(type, id));
  const needed = new Set<string>();
  const isWanted = (type: string, id: string) => isChosen(type, id) || needed.has(ownerKey(type, id));
  const blockedOwners = (type: string, id: string) =>
    type === "charge"
      ? owners.chargesBilledWith(id).map((c) => ["charge", c] as const)
      : [[type, id] as const];

  for (let grew = true; grew;) {
    grew = false;
    for (const b of full.blocked) {
      if (!blockedOwners(b.recordType, b.recordId).some(([t, i]) => isWanted(t, i))) continue;
      for (const m of b.missing) {
        const ids = m.source === "charge" ? owners.chargesBilledWith(m.id) : [m.id];
        for (const id of ids) {
          const key = ownerKey(m.source, id);
          if (!needed.has(key)) {
            needed.add(key);
            grew = true;
          }
        }
      }
    }
  }

  const chosen = new Set<string>();
  const desired = full.desired.filter((d) => {
    const of = owners.ownersOf(d.entityType, d.recordId);
    if (of.some((o) => isChosen(o.recordType, o.recordId))) chosen.add(syncKey(d.entityType, d.recordId));
    return of.some((o) => isWanted(o.recordType, o.recordId));
  });
  return {
    state: {
      desired,
      blocked: full.blocked.filter((b) =>
        blockedOwners(b.recordType, b.recordId).some(([t, i]) => isWanted(t, i))
      ),
      // A broken account mapping ("mapping") concerns every record, so it is always reported.
      errors: full.errors.filter((e) =>
        e.recordType === "mapping" ||
        blockedOwners(e.recordType, e.recordId).some(([t, i]) => isWanted(t, i))
      ),
    },
    chosen,
  };
}
