import type { Posting } from "../contracts.ts";
import type { CompanyState, Doc } from "./company_state.ts";
import type { EntityRules } from "./entity_rules.ts";
import { faults } from "./fault_catalog.ts";
import { checkOpenAmounts, linkedAmounts } from "./payment_rules.ts";
import { addDays } from "./qbo_time.ts";
import {
  defaultAccount,
  refTo,
  refValue,
  resolveRef,
  type RuleContext,
  toCents,
  toDecimal,
} from "./rule_context.ts";
import { settleAmount } from "./sales_lines.ts";
import {
  commonTxnFields,
  headerOf,
  lineIdAllocator,
  nonZero,
  posting,
  requireLines,
  voidedNote,
} from "./txn_common.ts";

/**
 * Money out: Bill (Dr expense / Cr A/P), BillPayment (Dr A/P / Cr bank or card, linked to bills)
 * and Purchase (Dr expense / Cr the paying account; Credit:true reverses). Expense lines are
 * account based or item based (the item's expense account).
 */
function normalizeExpenseLines(ctx: RuleContext, input: readonly Doc[]): { lines: Doc[]; total: number } {
  const nextId = lineIdAllocator(ctx, input);
  const lines: Doc[] = [];
  let total = 0;
  for (const raw of input) {
    const type = raw.DetailType;
    const out: Doc = { ...raw, Id: raw.Id !== undefined ? String(raw.Id) : nextId() };
    if (type === "AccountBasedExpenseLineDetail") {
      const detail = { ...((raw.AccountBasedExpenseLineDetail as Doc | undefined) ?? {}) };
      const account = resolveRef(
        ctx,
        "Account",
        detail.AccountRef,
        "Line.AccountBasedExpenseLineDetail.AccountRef",
        true,
      )!;
      detail.AccountRef = refTo(account);
      completeExpenseDetail(ctx, detail);
      if (raw.Amount === undefined || raw.Amount === null) throw faults.requiredParamMissing("Line.Amount");
      const cents = toCents(raw.Amount, "Line.Amount");
      total += cents;
      lines.push({ ...out, Amount: toDecimal(cents), AccountBasedExpenseLineDetail: detail });
    } else if (type === "ItemBasedExpenseLineDetail") {
      const detail = { ...((raw.ItemBasedExpenseLineDetail as Doc | undefined) ?? {}) };
      const item = resolveRef(ctx, "Item", detail.ItemRef, "Line.ItemBasedExpenseLineDetail.ItemRef", true)!;
      if (refValue(item.ExpenseAccountRef) === undefined) {
        throw faults.requiredParamMissing("Item.ExpenseAccountRef");
      }
      detail.ItemRef = refTo(item);
      completeExpenseDetail(ctx, detail);
      const cents = settleAmount(detail, raw, "Line");
      total += cents;
      lines.push({ ...out, Amount: toDecimal(cents), ItemBasedExpenseLineDetail: detail });
    } else {
      throw faults.invalidEnumeration("Line.DetailType", String(type));
    }
  }
  return { lines, total };
}

function completeExpenseDetail(ctx: RuleContext, detail: Doc): void {
  const cls = resolveRef(ctx, "Class", detail.ClassRef, "Line.ClassRef", false);
  if (cls) detail.ClassRef = refTo(cls);
  const customer = resolveRef(ctx, "Customer", detail.CustomerRef, "Line.CustomerRef", false);
  if (customer) detail.CustomerRef = refTo(customer);
  detail.BillableStatus = detail.BillableStatus ?? "NotBillable";
  detail.TaxCodeRef = detail.TaxCodeRef ?? { value: "NON" };
}

/** Dr each expense line, Cr `creditAccount`; `sign` -1 reverses (vendor credits, refunds). */
function expensePostings(
  state: CompanyState,
  entity: string,
  doc: Doc,
  creditAccount: string,
  party: { customer?: unknown; vendor?: unknown },
  sign: 1 | -1,
): Posting[] {
  const header = headerOf(entity, doc, party);
  const postings: Posting[] = [];
  let total = 0;
  for (const line of (doc.Line as Doc[]) ?? []) {
    const cents = toCents(line.Amount, "Line.Amount");
    const detail = (line.AccountBasedExpenseLineDetail ?? line.ItemBasedExpenseLineDetail) as Doc;
    const account = line.AccountBasedExpenseLineDetail
      ? refValue(detail.AccountRef)
      : refValue(state.get("Item", refValue(detail.ItemRef)!)?.ExpenseAccountRef);
    if (account === undefined) continue;
    total += cents;
    postings.push(
      posting(header, account, sign * cents, {
        classId: refValue(detail.ClassRef),
        customerId: refValue(detail.CustomerRef),
      }),
    );
  }
  postings.push(posting(header, creditAccount, -sign * total));
  return nonZero(postings);
}

export const billRules: EntityRules = {
  name: "Bill",
  kind: "transaction",
  readOnly: ["TotalAmt", "Balance", "HomeBalance", "HomeTotalAmt", "LinkedTxn"],
  prepare(ctx, input) {
    const vendor = resolveRef(ctx, "Vendor", input.VendorRef, "VendorRef", true)!;
    const { lines, total } = normalizeExpenseLines(ctx, requireLines(input));
    const doc = commonTxnFields(ctx, "Bill", input, false);
    const ap = resolveRef(ctx, "Account", input.APAccountRef, "APAccountRef", false) ??
      defaultAccount(ctx.state, "AccountsPayable");
    const termId = refValue(input.SalesTermRef) ?? refValue(vendor.TermRef);
    const term = termId ? resolveRef(ctx, "Term", { value: termId }, "SalesTermRef", false) : undefined;
    if (term) doc.SalesTermRef = { value: String(term.Id) };
    doc.DueDate = typeof input.DueDate === "string"
      ? input.DueDate.slice(0, 10)
      : addDays(String(doc.TxnDate), Number(term?.DueDays ?? 0));
    return {
      ...doc,
      VendorRef: refTo(vendor),
      APAccountRef: refTo(ap),
      Line: lines,
      TotalAmt: toDecimal(total),
    };
  },
  effects: (state, doc) => ({
    postings: expensePostings(state, "Bill", doc, refValue(doc.APAccountRef)!, { vendor: doc.VendorRef }, 1),
  }),
  render(state, doc) {
    const key = `Bill:${doc.Id}`;
    return {
      ...doc,
      Balance: toDecimal(toCents(doc.TotalAmt, "TotalAmt") - state.links.appliedTotal(key)),
      LinkedTxn: state.links.sourcesOf(key).map((s) => ({
        TxnId: s.split(":")[1],
        TxnType: s.split(":")[0],
      })),
    };
  },
};

const BILL_LINK_TYPES = new Set(["Bill"]);

export const billPaymentRules: EntityRules = {
  name: "BillPayment",
  kind: "transaction",
  readOnly: ["HomeTotalAmt"],
  prepare(ctx, input) {
    const vendor = resolveRef(ctx, "Vendor", input.VendorRef, "VendorRef", true)!;
    if (input.TotalAmt === undefined || input.TotalAmt === null) {
      throw faults.requiredParamMissing("TotalAmt");
    }
    const total = toCents(input.TotalAmt, "TotalAmt");
    const payType = input.PayType;
    if (payType === undefined) throw faults.requiredParamMissing("PayType");
    if (payType !== "Check" && payType !== "CreditCard") {
      throw faults.invalidEnumeration("PayType", String(payType));
    }
    const links = linkedAmounts(input.Line, BILL_LINK_TYPES);
    checkOpenAmounts(ctx, ctx.existing ? `BillPayment:${ctx.existing.Id}` : undefined, links, {
      field: "VendorRef",
      id: String(vendor.Id),
    });
    if (links.reduce((s, l) => s + l.cents, 0) > total) {
      throw faults.businessValidation("The bill payment amount is less than the amount applied to bills");
    }
    const doc = commonTxnFields(ctx, "BillPayment", input, false);
    if (payType === "Check") {
      const check = (input.CheckPayment as Doc | undefined) ?? {};
      const bank = resolveRef(ctx, "Account", check.BankAccountRef, "CheckPayment.BankAccountRef", true)!;
      doc.CheckPayment = { PrintStatus: "NeedToPrint", ...check, BankAccountRef: refTo(bank) };
      delete doc.CreditCardPayment;
    } else {
      const card = (input.CreditCardPayment as Doc | undefined) ?? {};
      const account = resolveRef(ctx, "Account", card.CCAccountRef, "CreditCardPayment.CCAccountRef", true)!;
      doc.CreditCardPayment = { ...card, CCAccountRef: refTo(account) };
      delete doc.CheckPayment;
    }
    const ap = resolveRef(ctx, "Account", input.APAccountRef, "APAccountRef", false) ??
      defaultAccount(ctx.state, "AccountsPayable");
    return {
      ...doc,
      VendorRef: refTo(vendor),
      APAccountRef: refTo(ap),
      PayType: payType,
      TotalAmt: toDecimal(total),
      Line: Array.isArray(input.Line) ? input.Line : [],
    };
  },
  effects(_state, doc) {
    const header = headerOf("BillPayment", doc, { vendor: doc.VendorRef });
    const total = toCents(doc.TotalAmt, "TotalAmt");
    const paidFrom = doc.PayType === "Check"
      ? refValue((doc.CheckPayment as Doc).BankAccountRef)!
      : refValue((doc.CreditCardPayment as Doc).CCAccountRef)!;
    return {
      postings: nonZero([
        posting(header, refValue(doc.APAccountRef)!, total),
        posting(header, paidFrom, -total),
      ]),
      applications: linkedAmounts(doc.Line, BILL_LINK_TYPES).filter((l) => l.cents !== 0),
    };
  },
  voided(doc) {
    const lines = Array.isArray(doc.Line) ? (doc.Line as Doc[]).map((l) => ({ ...l, Amount: 0 })) : [];
    return { ...doc, Line: lines, TotalAmt: 0, PrivateNote: voidedNote(doc) };
  },
};

const PAYMENT_TYPES = new Set(["Cash", "Check", "CreditCard"]);
const PAYEE_TYPES: Record<string, string> = { Vendor: "Vendor", Customer: "Customer", Employee: "Employee" };

export const purchaseRules: EntityRules = {
  name: "Purchase",
  kind: "transaction",
  readOnly: ["TotalAmt", "HomeTotalAmt"],
  prepare(ctx, input) {
    if (input.PaymentType === undefined) throw faults.requiredParamMissing("PaymentType");
    if (!PAYMENT_TYPES.has(String(input.PaymentType))) {
      throw faults.invalidEnumeration("PaymentType", String(input.PaymentType));
    }
    const account = resolveRef(ctx, "Account", input.AccountRef, "AccountRef", true)!;
    const { lines, total } = normalizeExpenseLines(ctx, requireLines(input));
    const doc = commonTxnFields(ctx, "Purchase", input, false);
    if (input.EntityRef !== undefined && input.EntityRef !== null) {
      const ref = input.EntityRef as Doc;
      const entity = PAYEE_TYPES[String(ref.type ?? "Vendor")];
      if (!entity) throw faults.invalidEnumeration("EntityRef.type", String(ref.type));
      const payee = resolveRef(ctx, entity, ref, "EntityRef", true)!;
      doc.EntityRef = { ...refTo(payee), type: entity };
    }
    return { Credit: false, ...doc, AccountRef: refTo(account), Line: lines, TotalAmt: toDecimal(total) };
  },
  effects(state, doc) {
    const payee = doc.EntityRef as Doc | undefined;
    const party = payee?.type === "Vendor"
      ? { vendor: payee }
      : payee?.type === "Customer"
      ? { customer: payee }
      : {};
    return {
      postings: expensePostings(
        state,
        "Purchase",
        doc,
        refValue(doc.AccountRef)!,
        party,
        doc.Credit === true ? -1 : 1,
      ),
    };
  },
};
