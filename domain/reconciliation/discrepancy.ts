/** The discrepancy taxonomy of reconciliation (docs/domain.md). */
export type DiscrepancyType =
  | "amount_mismatch"
  | "date_mismatch"
  | "customer_mismatch"
  | "status_mismatch"
  | "missing_in_quickbooks"
  | "unknown_in_quickbooks"
  | "duplicate_in_quickbooks"
  | "deposit_booked_as_income"
  | "balance_mismatch";

/**
 * What would resolve a discrepancy: push the missing record, relink to the probable match, void the
 * duplicate (only after a person confirms), update QBO from EstateCore, or a person's review.
 */
export type ResolvingAction = "push_missing" | "relink" | "void_duplicate" | "update_quickbooks" | "review";

/** Which balance a balance_mismatch is about. */
export type BalanceKind = "tenant_receivable" | "property_deposit_liability" | "property_income";

/** One difference between the ledgers, with enough to explain and act on it. */
export interface Discrepancy {
  readonly type: DiscrepancyType;
  /** EstateCore record id (or tenant/property id for a balance). */
  readonly estatecoreId: string | null;
  /** QBO record id (or tenant/property id for a balance). */
  readonly quickbooksId: string | null;
  /** The compared value on each side (amount, date, customer, status, account, balance); null when absent. */
  readonly estatecoreValue: string | number | null;
  readonly quickbooksValue: string | number | null;
  /** Cents at stake, always non-negative. */
  readonly amountAtStakeCents: number;
  readonly description: string;
  readonly autoResolvable: boolean;
  readonly action: ResolvingAction;
  /** True when the action must not run without a person's confirmation (voiding a duplicate). */
  readonly requiresConfirmation: boolean;
  /** unknown_in_quickbooks: the EstateCore record it probably is; duplicate_in_quickbooks: the QBO record it duplicates. */
  readonly relatedId?: string;
  /** balance_mismatch only. */
  readonly balance?: BalanceKind;
}
