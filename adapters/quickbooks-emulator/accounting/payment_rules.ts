import type { Doc } from "./company_state.ts";
import type { EntityRules } from "./entity_rules.ts";
import { faults } from "./fault_catalog.ts";
import {
  defaultAccount,
  refTo,
  refValue,
  resolveRef,
  type RuleContext,
  toCents,
  toDecimal,
} from "./rule_context.ts";
import { commonTxnFields, headerOf, nonZero, posting, voidedNote } from "./txn_common.ts";
import type { Application } from "./txn_links.ts";

/**
 * Customer payments: Dr the deposit account (Undeposited Funds by default) / Cr A/R for the whole
 * TotalAmt; lines link invoices (reducing their Balance) and credit memos (using their credit).
 * Whatever is not linked stays as UnappliedAmt, a credit on the customer.
 */
interface LinkedAmount {
  readonly target: string;
  readonly cents: number;
}

/** Reads `{Amount, LinkedTxn:[{TxnId, TxnType}]}` lines into per-target amounts. */
export function linkedAmounts(lines: unknown, allowedTypes: ReadonlySet<string>): LinkedAmount[] {
  if (lines === undefined || lines === null) return [];
  if (!Array.isArray(lines)) throw faults.requiredParamMissing("Line");
  const out: LinkedAmount[] = [];
  for (const line of lines as Doc[]) {
    const cents = toCents(line.Amount, "Line.Amount");
    const links = Array.isArray(line.LinkedTxn) ? (line.LinkedTxn as Doc[]) : [];
    if (links.length === 0) throw faults.requiredParamMissing("Line.LinkedTxn");
    for (const link of links) {
      const type = String(link.TxnType);
      if (!allowedTypes.has(type)) throw faults.invalidEnumeration("Line.LinkedTxn.TxnType", type);
      out.push({ target: `${type}:${link.TxnId}`, cents });
    }
  }
  return out;
}

/** Checks each linked document exists, belongs to the party and has enough open balance. */
export function checkOpenAmounts(
  ctx: RuleContext,
  source: string | undefined,
  links: readonly LinkedAmount[],
  party: { field: "CustomerRef" | "VendorRef"; id: string },
): void {
  for (const link of links) {
    const [type, id] = link.target.split(":");
    const target = ctx.state.get(type, id);
    if (!target) throw faults.invalidReference(type, id, "Line.LinkedTxn.TxnId");
    if (refValue(target[party.field]) !== party.id) {
      throw faults.businessValidation(
        `${type} ${id} belongs to another ${party.field === "CustomerRef" ? "customer" : "vendor"}`,
      );
    }
    const already = source
      ? (ctx.state.links.applicationsOf(source).find((a) => a.target === link.target)?.cents ?? 0)
      : 0;
    const open = toCents(target.TotalAmt, "TotalAmt") - ctx.state.links.appliedTotal(link.target) + already;
    if (link.cents > open) {
      throw faults.businessValidation(
        `The amount applied to ${type} ${id} exceeds its open balance of ${toDecimal(open)}`,
      );
    }
  }
}

const PAYMENT_LINK_TYPES = new Set(["Invoice", "CreditMemo"]);

function appliedNet(links: readonly Application[]): number {
  return links.reduce((s, l) => s + (l.target.startsWith("CreditMemo:") ? -l.cents : l.cents), 0);
}

export const paymentRules: EntityRules = {
  name: "Payment",
  kind: "transaction",
  readOnly: ["UnappliedAmt", "HomeTotalAmt"],
  prepare(ctx, input) {
    const customer = resolveRef(ctx, "Customer", input.CustomerRef, "CustomerRef", true)!;
    if (input.TotalAmt === undefined || input.TotalAmt === null) {
      throw faults.requiredParamMissing("TotalAmt");
    }
    const total = toCents(input.TotalAmt, "TotalAmt");
    const links = linkedAmounts(input.Line, PAYMENT_LINK_TYPES);
    const source = ctx.existing ? `Payment:${ctx.existing.Id}` : undefined;
    checkOpenAmounts(ctx, source, links, { field: "CustomerRef", id: String(customer.Id) });
    if (appliedNet(links) > total) {
      throw faults.businessValidation("The payment amount is less than the amount applied to transactions");
    }
    const doc = commonTxnFields(ctx, "Payment", input, false);
    const deposit = resolveRef(ctx, "Account", input.DepositToAccountRef, "DepositToAccountRef", false) ??
      defaultAccount(ctx.state, "UndepositedFunds");
    const ar = resolveRef(ctx, "Account", input.ARAccountRef, "ARAccountRef", false);
    const method = resolveRef(ctx, "PaymentMethod", input.PaymentMethodRef, "PaymentMethodRef", false);
    if (method) doc.PaymentMethodRef = refTo(method);
    return {
      ProcessPayment: false,
      ...doc,
      CustomerRef: refTo(customer),
      DepositToAccountRef: { value: String(deposit.Id) },
      ...(ar ? { ARAccountRef: { value: String(ar.Id) } } : {}),
      TotalAmt: toDecimal(total),
      Line: Array.isArray(input.Line) ? input.Line : [],
    };
  },
  effects(state, doc) {
    const header = headerOf("Payment", doc, { customer: doc.CustomerRef });
    const total = toCents(doc.TotalAmt, "TotalAmt");
    const ar = refValue(doc.ARAccountRef) ?? String(defaultAccount(state, "AccountsReceivable").Id);
    return {
      postings: nonZero([
        posting(header, refValue(doc.DepositToAccountRef)!, total),
        posting(header, ar, -total),
      ]),
      applications: linkedAmounts(doc.Line, PAYMENT_LINK_TYPES).filter((l) => l.cents !== 0),
    };
  },
  render(state, doc) {
    const applied = appliedNet(state.links.applicationsOf(`Payment:${doc.Id}`));
    return { ...doc, UnappliedAmt: toDecimal(toCents(doc.TotalAmt, "TotalAmt") - applied) };
  },
  voided(doc) {
    const lines = Array.isArray(doc.Line) ? (doc.Line as Doc[]).map((l) => ({ ...l, Amount: 0 })) : [];
    return { ...doc, Line: lines, TotalAmt: 0, PrivateNote: voidedNote(doc) };
  },
};
