import type { Doc } from "./company_state.ts";
import { faults } from "./fault_catalog.ts";
import { defaultAccount, refTo, resolveRef, type RuleContext, toCents, toDecimal } from "./rule_context.ts";
import { lineIdAllocator } from "./txn_common.ts";

/**
 * Sales-form lines (Invoice, SalesReceipt, CreditMemo, RefundReceipt, Estimate): items resolved,
 * Amount = Qty x UnitPrice enforced (6070), Ids and LineNums assigned, incoming subtotal lines
 * dropped and one SubTotalLineDetail appended, as QBO returns them; discount lines (fixed or
 * percent of the subtotal) follow the subtotal and reduce the total.
 */
export interface SalesLinesResult {
  readonly lines: Doc[];
  readonly totalCents: number;
}

/** The company's default sales item ("Services"), used when a line names no item. */
function defaultItem(ctx: RuleContext): Doc {
  const id = ctx.state.listNameOwner("Item", "Services");
  const item = id ? ctx.state.get("Item", id) : undefined;
  if (!item) throw faults.requiredParamMissing("ItemRef");
  return item;
}

/** Checks Qty x UnitPrice against Amount (to the cent) and fills whichever is derivable. */
export function settleAmount(detail: Doc, line: Doc, element: string): number {
  const hasQty = detail.Qty !== undefined && detail.Qty !== null;
  const hasPrice = detail.UnitPrice !== undefined && detail.UnitPrice !== null;
  if (hasQty && typeof detail.Qty !== "number") throw faults.invalidNumber("Qty", detail.Qty);
  if (hasPrice && typeof detail.UnitPrice !== "number") {
    throw faults.invalidNumber("UnitPrice", detail.UnitPrice);
  }
  const product = hasQty && hasPrice
    ? Math.round((detail.Qty as number) * (detail.UnitPrice as number) * 100)
    : undefined;
  if (line.Amount === undefined || line.Amount === null) {
    if (product === undefined) throw faults.requiredParamMissing(`${element}.Amount`);
    return product;
  }
  const cents = toCents(line.Amount, `${element}.Amount`);
  if (product !== undefined && product !== cents) throw faults.amountMismatch(Number(line.Amount));
  return cents;
}

export function normalizeSalesLines(ctx: RuleContext, input: readonly Doc[]): SalesLinesResult {
  const nextId = lineIdAllocator(ctx, input);
  const lines: Doc[] = [];
  const discounts: Doc[] = [];
  let subtotal = 0;
  for (const raw of input) {
    const type = raw.DetailType;
    if (type === "SubTotalLineDetail") continue;
    if (type === "DiscountLineDetail") {
      discounts.push(raw);
      continue;
    }
    if (type === "DescriptionOnly") {
      lines.push({
        ...raw,
        Id: raw.Id ?? nextId(),
        LineNum: lines.length + 1,
        DescriptionLineDetail: raw.DescriptionLineDetail ?? {},
      });
      continue;
    }
    if (type !== "SalesItemLineDetail") throw faults.invalidEnumeration("Line.DetailType", String(type));
    const detail = { ...((raw.SalesItemLineDetail as Doc | undefined) ?? {}) };
    const item = resolveRef(ctx, "Item", detail.ItemRef, "Line.SalesItemLineDetail.ItemRef", false) ??
      defaultItem(ctx);
    const cls = resolveRef(ctx, "Class", detail.ClassRef, "Line.SalesItemLineDetail.ClassRef", false);
    const cents = settleAmount(detail, raw, "Line");
    subtotal += cents;
    detail.ItemRef = refTo(item);
    if (cls) detail.ClassRef = refTo(cls);
    detail.TaxCodeRef = detail.TaxCodeRef ?? { value: "NON" };
    lines.push({
      ...raw,
      Id: raw.Id !== undefined ? String(raw.Id) : nextId(),
      LineNum: lines.length + 1,
      Amount: toDecimal(cents),
      DetailType: "SalesItemLineDetail",
      SalesItemLineDetail: detail,
    });
  }
  if (lines.length === 0) throw faults.requiredParamMissing("Line");
  lines.push({ Amount: toDecimal(subtotal), DetailType: "SubTotalLineDetail", SubTotalLineDetail: {} });
  let total = subtotal;
  for (const raw of discounts) {
    const detail = { ...((raw.DiscountLineDetail as Doc | undefined) ?? {}) };
    const cents = detail.PercentBased === true
      ? Math.round(subtotal * Number(detail.DiscountPercent ?? 0) / 100)
      : toCents(raw.Amount ?? 0, "Line.Amount");
    const account = resolveRef(
      ctx,
      "Account",
      detail.DiscountAccountRef,
      "Line.DiscountLineDetail.DiscountAccountRef",
      false,
    ) ??
      defaultAccount(ctx.state, "DiscountsRefundsGiven");
    detail.DiscountAccountRef = refTo(account);
    total -= cents;
    lines.push({
      ...raw,
      Amount: toDecimal(cents),
      DetailType: "DiscountLineDetail",
      DiscountLineDetail: detail,
    });
  }
  return { lines, totalCents: total };
}

/** Income account of a stored sales line (its item's IncomeAccountRef; deposits point at a liability). */
export function incomeAccountOf(
  ctx: { get(entity: string, id: string): Doc | undefined },
  line: Doc,
): string | undefined {
  const detail = line.SalesItemLineDetail as Doc | undefined;
  const itemId = (detail?.ItemRef as { value?: string } | undefined)?.value;
  const item = itemId ? ctx.get("Item", itemId) : undefined;
  return (item?.IncomeAccountRef as { value?: string } | undefined)?.value;
}

/** Zeroes every line's amount (voids), dropping Qty/UnitPrice that would no longer multiply out. */
export function zeroLines(lines: unknown): Doc[] {
  if (!Array.isArray(lines)) return [];
  return (lines as Doc[]).map((l) => {
    const out: Doc = { ...l, Amount: 0 };
    for (const key of ["SalesItemLineDetail", "ItemBasedExpenseLineDetail"]) {
      if (l[key]) {
        const d = { ...(l[key] as Doc) };
        delete d.Qty;
        delete d.UnitPrice;
        out[key] = d;
      }
    }
    return out;
  });
}
