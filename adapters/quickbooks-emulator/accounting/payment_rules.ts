import type { CompanyState, Doc } from "./company_state.ts";
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
import { journalReceivableCents } from "./journal_receivable.ts";

/**
 * Customer payments: Dr the deposit account (Undeposited Funds by default) / Cr A/R for the whole
 * TotalAmt; lines link invoices (reducing their Balance), credit memos (using their credit) and
 * journal entries with an A/R line for the customer (a credit or a charge, by its posting type).
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

const PAYMENT_LINK_TYPES = new Set(["Invoice", "CreditMemo", "JournalEntry"]);

/** True when applying `target` gives the customer credit (a credit memo, a journal entry crediting A/R). */
function isCredit(state: CompanyState, target: string, customerId: string): boolean {
  const [type, id] = target.split(":");
  if (type === "CreditMemo") return true;
  if (type !== "JournalEntry") return false;
  const journal = state.get("JournalEntry", id);
  return journal !== undefined && journalReceivableCents(state, journal, customerId) < 0;
}

/** What the payment's applications take from its TotalAmt: charges paid minus credits used. */
function appliedNet(state: CompanyState, links: readonly Application[], customerId: string): number {
  return links.reduce((s, l) => s + (isCredit(state, l.target, customerId) ? -l.cents : l.cents), 0);
}

/**
 * Journal entries linked by a payment must carry an A/R line for the payment's customer, and the
 * amount applied may not exceed what is still open on it.
 */
function checkJournalLinks(
  ctx: RuleContext,
  source: string | undefined,
  links: readonly { readonly target: string; readonly cents: number }[],
  customerId: string,
): void {
  for (const link of links) {
    const id = link.target.slice("JournalEntry:".length);
    const journal = ctx.state.get("JournalEntry", id);
    if (!journal) throw faults.invalidReference("JournalEntry", id, "Line.LinkedTxn.TxnId");
    const receivable = Math.abs(journalReceivableCents(ctx.state, journal, customerId));
    if (receivable === 0) {
      throw faults.businessValidation(
        `JournalEntry ${id} has no Accounts Receivable line for this customer`,
      );
    }
    const already = source
      ? (ctx.state.links.applicationsOf(source).find((a) => a.target === link.target)?.cents ?? 0)
      : 0;
    const open = receivable - ctx.state.links.appliedTotal(link.target) + already;
    if (link.cents > open) {
      throw faults.businessValidation(
        `The amount applied to JournalEntry ${id} exceeds its open balance of ${toDecimal(open)}`,
      );
    }
  }
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
    const isJournal = (l: { target: string }) => l.target.startsWith("JournalEntry:");
    const customerId = String(customer.Id);
    checkOpenAmounts(ctx, source, links.filter((l) => !isJournal(l)), {
      field: "CustomerRef",
      id: customerId,
    });
    checkJournalLinks(ctx, source, links.filter(isJournal), customerId);
    if (appliedNet(ctx.state, links, customerId) > total) {
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
    const applied = appliedNet(
      state,
      state.links.applicationsOf(`Payment:${doc.Id}`),
      refValue(doc.CustomerRef) ?? "",
    );
    return { ...doc, UnappliedAmt: toDecimal(toCents(doc.TotalAmt, "TotalAmt") - applied) };
  },
  voided(doc) {
    const lines = Array.isArray(doc.Line) ? (doc.Line as Doc[]).map((l) => ({ ...l, Amount: 0 })) : [];
    return { ...doc, Line: lines, TotalAmt: 0, PrivateNote: voidedNote(doc) };
  },
};
