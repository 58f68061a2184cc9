import { DomainError } from "../../errors.ts";
import type { ThreeWayMergeResult } from "./three_way_merge.ts";

/**
 * Throws DomainError QB005 when a merge left conflicts for review, naming the fields (values are
 * left out of the error: they may be personal data; the review queue holds them).
 *
 * @example
 * ```ts
 * assertMergeResolved(mergeThreeWay({ base, estatecore, quickbooks, policy: "estatecore_wins" })); // ok
 * ```
 */
export function assertMergeResolved(
  result: ThreeWayMergeResult,
  context: Record<string, unknown> = {},
): void {
  const open = result.conflicts.filter((c) => c.resolution === "manual");
  if (open.length === 0) return;
  throw new DomainError("QB005", `Sync conflict on ${open.map((c) => c.path).join(", ")} needs review`, {
    ...context,
    fields: open.map((c) => ({ path: c.path, reason: c.reason })),
  });
}
