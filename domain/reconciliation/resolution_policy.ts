import type { ConflictPolicy } from "../sync/conflicts/conflict_policy.ts";
import type { Discrepancy } from "./discrepancy.ts";

/**
 * Adjusts what may be resolved without a person to the organization's conflict policy. The core
 * reports QBO-side edits of posted transactions for review, because QBO is the book of record once
 * posted; an organization whose policy is `estatecore_wins` has said EstateCore's record prevails,
 * so for it an edited amount or customer is rewritten from EstateCore and a transaction deleted in
 * QBO is pushed again. A deposit booked as income is always rewritten: a deposit is never income,
 * whatever the policy. Duplicates still wait for a person's confirmation; unknown QBO transactions
 * and balances always need a person.
 *
 * @example
 * ```ts
 * applyResolutionPolicy([amountMismatch], "estatecore_wins")[0].autoResolvable; // true
 * applyResolutionPolicy([amountMismatch], "manual")[0].autoResolvable; // false
 * ```
 */
export function applyResolutionPolicy(
  discrepancies: readonly Discrepancy[],
  policy: ConflictPolicy,
): Discrepancy[] {
  const ecWins = policy === "estatecore_wins";
  return discrepancies.map((d): Discrepancy => {
    switch (d.type) {
      case "deposit_booked_as_income":
        return { ...d, autoResolvable: true, action: "update_quickbooks" };
      case "amount_mismatch":
      case "customer_mismatch":
        return ecWins ? { ...d, autoResolvable: true, action: "update_quickbooks" } : d;
      case "missing_in_quickbooks":
        return ecWins && d.quickbooksId !== null ? { ...d, autoResolvable: true, action: "push_missing" } : d;
      default:
        return d;
    }
  });
}
