import type { Expense } from "../../model/estatecore/expense.ts";
import type { QboPayload } from "../../model/quickbooks/qbo_payload.ts";
import { centsToDecimal } from "../../shared/money.ts";
import { resolveExpenseAccount } from "../account_resolution.ts";
import type { DependencyCollector } from "../mapping_result.ts";
import type { ResolutionContext } from "../resolution_context.ts";
import { compact, ref } from "./qbo_refs.ts";
import { trackingRefs, unitLabel } from "./tracking_refs.ts";
import { ownEntry } from "../own_entry.ts";

/** An expense's line and header tracking, shared by Bill and Purchase. */
export interface ExpenseLinePart {
  readonly line: QboPayload;
  readonly headerDepartment?: QboPayload;
}

/**
 * The AccountBasedExpenseLineDetail line of an expense: the category's expense account, the
 * property as ClassRef (class tracking) or as CustomerRef to its parent customer (parent-customer
 * tracking; NotBillable so it is not re-billed), and the unit in the description when tracked so.
 *
 * @example
 * ```ts
 * expenseLine(repair, ctx, deps).line;
 * // { Amount: 325, DetailType: "AccountBasedExpenseLineDetail", Description: "Fix faucet",
 * //   AccountBasedExpenseLineDetail: { AccountRef: { value: "60" }, ClassRef: { value: "900" }, BillableStatus: "NotBillable" } }
 * ```
 */
export function expenseLine(
  expense: Expense,
  ctx: ResolutionContext,
  deps: DependencyCollector,
): ExpenseLinePart {
  const account = resolveExpenseAccount(ctx.accounts, expense.property_id, expense.category);
  const tracking = trackingRefs(ctx, deps, expense.property_id, expense.unit_id);
  const customerId = ctx.settings.property_tracking === "parent_customer"
    ? deps.require(
      "Customer",
      "property",
      expense.property_id,
      ownEntry(ctx.links.propertyCustomers, expense.property_id),
    )
    : undefined;
  const unit = unitLabel(ctx, expense.unit_id);
  const description = [expense.description, unit].filter((part) => part !== undefined && part !== "").join(
    ", ",
  );
  return {
    headerDepartment: tracking.headerDepartment,
    line: compact({
      Amount: centsToDecimal(expense.amount.cents),
      DetailType: "AccountBasedExpenseLineDetail",
      Description: description === "" ? undefined : description.slice(0, 4000),
      AccountBasedExpenseLineDetail: compact({
        AccountRef: ref(account),
        ClassRef: tracking.lineClass,
        CustomerRef: customerId === undefined ? undefined : ref(customerId),
        BillableStatus: "NotBillable",
      }),
    }),
  };
}
