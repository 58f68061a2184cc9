import type { ConflictPolicy } from "../../model/estatecore/organization_settings.ts";

/**
 * An organization's conflict policy (defined with its settings in the model) for fields changed on
 * both sides since the last sync:
 * - `estatecore_wins` / `quickbooks_wins`: that side's value is taken, also for financial fields of
 *   posted transactions (the only policies allowed to overwrite those);
 * - `timestamp_based`: the side changed later wins; on equal timestamps EstateCore wins (it is the
 *   source of truth for what it creates); never applied to posted financial fields;
 * - `manual`: every conflict goes to the review queue.
 */
export { type ConflictPolicy, ConflictPolicySchema } from "../../model/estatecore/organization_settings.ts";

/**
 * The same policy seen from the other side (swaps the two "wins" policies): merging with the sides
 * swapped and the mirrored policy gives the mirrored result.
 *
 * @example
 * ```ts
 * mirrorPolicy("estatecore_wins"); // "quickbooks_wins"
 * mirrorPolicy("manual"); // "manual"
 * ```
 */
export function mirrorPolicy(policy: ConflictPolicy): ConflictPolicy {
  if (policy === "estatecore_wins") return "quickbooks_wins";
  if (policy === "quickbooks_wins") return "estatecore_wins";
  return policy;
}

/**
 * Top-level QBO fields that carry money or accounting meaning on a transaction: amounts, lines,
 * dates, the customer/vendor and the accounts. Edited in QBO on a posted transaction, they are a
 * conflict (QB005), never merged silently.
 */
export const DEFAULT_FINANCIAL_FIELDS: readonly string[] = [
  "Line",
  "TotalAmt",
  "Amount",
  "Balance",
  "TxnDate",
  "DueDate",
  "CustomerRef",
  "VendorRef",
  "EntityRef",
  "AccountRef",
  "ARAccountRef",
  "APAccountRef",
  "DepositToAccountRef",
  "CurrencyRef",
  "ExchangeRate",
  "LinkedTxn",
  "UnappliedAmt",
  "PaymentType",
  "TxnTaxDetail",
];
