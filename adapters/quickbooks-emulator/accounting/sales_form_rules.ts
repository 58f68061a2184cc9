import type { Posting } from "../contracts.ts";
import type { CompanyState, Doc } from "./company_state.ts";
import type { EntityRules, TxnEffects } from "./entity_rules.ts";
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
import { incomeAccountOf, normalizeSalesLines, zeroLines } from "./sales_lines.ts";
import { commonTxnFields, headerOf, nonZero, posting, requireLines, voidedNote } from "./txn_common.ts";

/**
 * Invoice, SalesReceipt, CreditMemo, RefundReceipt and Estimate. They differ only in where the
 * money side posts: A/R for invoices (debit) and credit memos (credit), a bank/Undeposited Funds
 * account for receipts, nowhere for estimates; every income line posts to its item's income
 * account (a security-deposit item's "income" account is a liability).
 */
type MoneySide = "receivableDebit" | "receivableCredit" | "cashDebit" | "cashCredit" | "none";

interface SalesFormOptions {
  readonly moneySide: MoneySide;
  /** Where Balance comes from: open amount after applications, always zero, or not shown. */
  readonly balance: "open" | "zero" | "none";
  readonly cashAccountRequired?: boolean;
  readonly customerRequired: boolean;
  readonly voidable?: boolean;
  readonly defaults: Doc;
}

function dueDate(ctx: RuleContext, doc: Doc, customer: Doc): string {
  if (typeof doc.DueDate === "string") return doc.DueDate.slice(0, 10);
  const termId = refValue(doc.SalesTermRef) ?? refValue(customer.SalesTermRef) ??
    ctx.state.listNameOwner("Term", "Net 30");
  const term = termId ? ctx.state.get("Term", termId) : undefined;
  return addDays(String(doc.TxnDate), Number(term?.DueDays ?? 0));
}

/** QBO copies the customer's addresses onto a sales form that has none (not the e-mail: recorded). */
function copyCustomerContact(doc: Doc, customer: Doc): void {
  if (doc.BillAddr === undefined && customer.BillAddr !== undefined) doc.BillAddr = customer.BillAddr;
  if (doc.ShipAddr === undefined && customer.ShipAddr !== undefined) doc.ShipAddr = customer.ShipAddr;
}

function salesEffects(entity: string, options: SalesFormOptions, state: CompanyState, doc: Doc): TxnEffects {
  if (options.moneySide === "none") return { postings: [] };
  const header = headerOf(entity, doc, { customer: doc.CustomerRef });
  const incomeSign = options.moneySide === "receivableDebit" || options.moneySide === "cashDebit" ? -1 : 1;
  const postings: Posting[] = [];
  let total = 0;
  for (const line of (doc.Line as Doc[]) ?? []) {
    if (line.DetailType === "DiscountLineDetail") {
      const cents = toCents(line.Amount, "Line.Amount");
      const account = refValue((line.DiscountLineDetail as Doc).DiscountAccountRef);
      if (account === undefined) continue;
      total -= cents;
      postings.push(posting(header, account, -incomeSign * cents));
      continue;
    }
    if (line.DetailType !== "SalesItemLineDetail") continue;
    const cents = toCents(line.Amount, "Line.Amount");
    const account = incomeAccountOf(state, line);
    if (account === undefined) continue;
    total += cents;
    const classId = refValue((line.SalesItemLineDetail as Doc).ClassRef);
    postings.push(posting(header, account, incomeSign * cents, classId ? { classId } : {}));
  }
  const moneyAccount = options.moneySide.startsWith("receivable")
    ? refValue(doc.ARAccountRef) ?? String(defaultAccount(state, "AccountsReceivable").Id)
    : refValue(doc.DepositToAccountRef)!;
  postings.push(posting(header, moneyAccount, -incomeSign * total));
  return { postings: nonZero(postings) };
}

function salesFormRules(entity: string, options: SalesFormOptions): EntityRules {
  return {
    name: entity,
    kind: "transaction",
    readOnly: [
      "TotalAmt",
      "Balance",
      "HomeBalance",
      "HomeTotalAmt",
      "RemainingCredit",
      "TxnTaxDetail",
      ...(options.balance === "open" ? ["LinkedTxn"] : []),
    ],
    prepare(ctx, input) {
      const customer = resolveRef(
        ctx,
        "Customer",
        input.CustomerRef,
        "CustomerRef",
        options.customerRequired,
      );
      const lines = normalizeSalesLines(ctx, requireLines(input));
      const doc = commonTxnFields(ctx, entity, input, true);
      // DeliveryInfo is read only: the send operation writes it, updates keep it, and a form saved
      // as NeedToSend gets {DeliveryType: "Email"} (recorded: estimate 48 in cdc__basic__0).
      if (ctx.existing?.DeliveryInfo !== undefined) doc.DeliveryInfo = ctx.existing.DeliveryInfo;
      else if (doc.EmailStatus === "NeedToSend") doc.DeliveryInfo = { DeliveryType: "Email" };
      else delete doc.DeliveryInfo;
      const cls = resolveRef(ctx, "Class", input.ClassRef, "ClassRef", false);
      if (cls) doc.ClassRef = refTo(cls);
      else delete doc.ClassRef;
      const term = resolveRef(ctx, "Term", input.SalesTermRef, "SalesTermRef", false);
      if (term) doc.SalesTermRef = { value: String(term.Id) };
      const method = resolveRef(ctx, "PaymentMethod", input.PaymentMethodRef, "PaymentMethodRef", false);
      if (method) doc.PaymentMethodRef = refTo(method);
      if (customer) {
        doc.CustomerRef = refTo(customer);
        copyCustomerContact(doc, customer);
      }
      if (options.moneySide.startsWith("receivable")) {
        // QBO shows ARAccountRef only when the client chose one; postings use the default A/R.
        const ar = resolveRef(ctx, "Account", input.ARAccountRef, "ARAccountRef", false);
        if (ar) doc.ARAccountRef = refTo(ar);
      }
      if (options.moneySide.startsWith("cash")) {
        const cash = resolveRef(
          ctx,
          "Account",
          input.DepositToAccountRef,
          "DepositToAccountRef",
          options.cashAccountRequired ?? false,
        ) ??
          defaultAccount(ctx.state, "UndepositedFunds");
        doc.DepositToAccountRef = refTo(cash);
      }
      if (entity === "Invoice" && customer) doc.DueDate = dueDate(ctx, doc, customer);
      doc.Line = lines.lines;
      doc.TotalAmt = toDecimal(lines.totalCents);
      doc.TxnTaxDetail = { TotalTax: 0 };
      return { CustomField: [], ...options.defaults, ...doc };
    },
    effects: (state, doc) => salesEffects(entity, options, state, doc),
    render(state, doc) {
      if (options.balance === "none") return doc;
      if (options.balance === "zero") return { ...doc, Balance: 0 };
      const key = `${entity}:${doc.Id}`;
      const open = toCents(doc.TotalAmt, "TotalAmt") - state.links.appliedTotal(key);
      const out: Doc = {
        ...doc,
        Balance: toDecimal(open),
        LinkedTxn: state.links.sourcesOf(key).map((s) => {
          const [TxnType, TxnId] = s.split(":");
          return { TxnId, TxnType };
        }),
      };
      if (entity === "CreditMemo") out.RemainingCredit = toDecimal(open);
      return out;
    },
    voided: options.voidable
      ? (doc) => ({ ...doc, Line: zeroLines(doc.Line), TotalAmt: 0, PrivateNote: voidedNote(doc) })
      : undefined,
  };
}

const PRINT_DEFAULTS = { ApplyTaxAfterDiscount: false, PrintStatus: "NeedToPrint", EmailStatus: "NotSet" };

export const invoiceRules = salesFormRules("Invoice", {
  customerRequired: true,
  moneySide: "receivableDebit",
  balance: "open",
  voidable: true,
  defaults: {
    AllowIPNPayment: false,
    AllowOnlinePayment: false,
    AllowOnlineCreditCardPayment: false,
    AllowOnlineACHPayment: false,
    ...PRINT_DEFAULTS,
  },
});

export const salesReceiptRules = salesFormRules("SalesReceipt", {
  customerRequired: false,
  moneySide: "cashDebit",
  balance: "zero",
  voidable: true,
  defaults: PRINT_DEFAULTS,
});

export const creditMemoRules = salesFormRules("CreditMemo", {
  customerRequired: true,
  moneySide: "receivableCredit",
  balance: "open",
  voidable: true,
  defaults: PRINT_DEFAULTS,
});

export const refundReceiptRules = salesFormRules("RefundReceipt", {
  customerRequired: false,
  moneySide: "cashCredit",
  balance: "zero",
  cashAccountRequired: true,
  voidable: true,
  defaults: PRINT_DEFAULTS,
});

export const estimateRules = salesFormRules("Estimate", {
  customerRequired: true,
  moneySide: "none",
  balance: "none",
  defaults: { ...PRINT_DEFAULTS, TxnStatus: "Pending" },
});
