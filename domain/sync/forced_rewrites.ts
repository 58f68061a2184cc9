import type { SyncOperation } from "./sync_plan.ts";
import { syncKey, type SyncLink } from "./sync_record.ts";

/**
 * The links to plan against when some records must be rewritten in full although nothing changed
 * on our side (repairing an object edited in QBO): their fingerprint and base snapshot are treated
 * as stale, so the planner writes every field again. Other links are returned as they are.
 *
 * @example
 * ```ts
 * const link = { recordId: "t1", entityType: "Customer" as const, qboId: "58", syncToken: "2",
 *   fingerprint: "f", baseSnapshot: { DisplayName: "Jane" }, state: "active" as const };
 * withForcedRewrites([link], new Set(["Customer/t1"]))[0].fingerprint; // ""
 * ```
 */
export function withForcedRewrites(
  links: readonly SyncLink[],
  forced: ReadonlySet<string>,
): readonly SyncLink[] {
  if (forced.size === 0) return links;
  return links.map((l) =>
    forced.has(syncKey(l.entityType, l.recordId)) ? { ...l, fingerprint: "", baseSnapshot: {} } : l
  );
}

/**
 * What is still to be forced after a round: the forced records the round planned whose write QBO
 * neither confirmed nor refused (a stale SyncToken: the next round retries with a fresh one).
 *
 * @example
 * ```ts
 * stillForced(new Set(["Customer/t1"]), [{ entityType: "Customer", recordId: "t1" }], new Set()); // Set {"Customer/t1"}
 * stillForced(new Set(["Customer/t1"]), [{ entityType: "Customer", recordId: "t1" }], new Set(["Customer/t1"])); // Set {}
 * ```
 */
export function stillForced(
  forced: ReadonlySet<string>,
  planned: readonly Pick<SyncOperation, "entityType" | "recordId">[],
  answered: ReadonlySet<string>,
): ReadonlySet<string> {
  if (forced.size === 0) return forced;
  return new Set(
    planned.map((op) => syncKey(op.entityType, op.recordId)).filter((key) =>
      forced.has(key) && !answered.has(key)
    ),
  );
}
