import type { Posting } from "../contracts.ts";
import type { Doc } from "./company_state.ts";
import type { EntityRules } from "./entity_rules.ts";
import { faults } from "./fault_catalog.ts";
import { refTo, refValue, resolveRef, type RuleContext, toCents, toDecimal } from "./rule_context.ts";
import { commonTxnFields, headerOf, lineIdAllocator, nonZero, posting, requireLines } from "./txn_common.ts";

/**
 * Deposit (Dr bank; Cr Undeposited Funds for linked payments / sales receipts, or Cr the line
 * account for direct lines) and JournalEntry (free debit/credit lines that must balance, 2300).
 */
const DEPOSITABLE = new Set(["Payment", "SalesReceipt"]);

function depositLine(ctx: RuleContext, raw: Doc, id: string, depositId: string | undefined): Doc {
  const links = Array.isArray(raw.LinkedTxn) ? (raw.LinkedTxn as Doc[]) : [];
  if (links.length > 0) {
    const link = links[0];
    const type = String(link.TxnType);
    if (!DEPOSITABLE.has(type)) throw faults.invalidEnumeration("Line.LinkedTxn.TxnType", type);
    const source = ctx.state.get(type, String(link.TxnId));
    if (!source) throw faults.invalidReference(type, String(link.TxnId), "Line.LinkedTxn.TxnId");
    const holder = ctx.state.links.depositOf(`${type}:${source.Id}`);
    if (holder !== undefined && holder !== depositId) {
      throw faults.businessValidation(`${type} ${source.Id} is already on deposit ${holder}`);
    }
    const amount = raw.Amount ?? source.TotalAmt;
    if (toCents(amount, "Line.Amount") !== toCents(source.TotalAmt, "TotalAmt")) {
      throw faults.businessValidation(`The deposit line amount must equal the ${type} amount`);
    }
    return {
      Id: id,
      LineNum: Number(id),
      Amount: toDecimal(toCents(amount, "Line.Amount")),
      LinkedTxn: [{ TxnId: String(source.Id), TxnType: type, TxnLineId: "0" }],
    };
  }
  const detail = { ...((raw.DepositLineDetail as Doc | undefined) ?? {}) };
  const account = resolveRef(ctx, "Account", detail.AccountRef, "Line.DepositLineDetail.AccountRef", true)!;
  detail.AccountRef = refTo(account);
  const cls = resolveRef(ctx, "Class", detail.ClassRef, "Line.DepositLineDetail.ClassRef", false);
  if (cls) detail.ClassRef = refTo(cls);
  if (detail.Entity) {
    const entityRef = detail.Entity as Doc;
    const type = String(entityRef.type ?? "Customer");
    const party = resolveRef(ctx, type, entityRef, "Line.DepositLineDetail.Entity", true)!;
    detail.Entity = { ...refTo(party), type };
  }
  if (raw.Amount === undefined || raw.Amount === null) throw faults.requiredParamMissing("Line.Amount");
  return {
    ...raw,
    Id: id,
    LineNum: Number(id),
    Amount: toDecimal(toCents(raw.Amount, "Line.Amount")),
    DetailType: "DepositLineDetail",
    DepositLineDetail: detail,
  };
}

function depositedFrom(
  state: { get(e: string, id: string): Doc | undefined },
  line: Doc,
): { key: string; account: string } | undefined {
  const link = (line.LinkedTxn as Doc[] | undefined)?.[0];
  if (!link) return undefined;
  const source = state.get(String(link.TxnType), String(link.TxnId));
  if (!source) return undefined;
  return { key: `${link.TxnType}:${link.TxnId}`, account: refValue(source.DepositToAccountRef)! };
}

export const depositRules: EntityRules = {
  name: "Deposit",
  kind: "transaction",
  readOnly: ["TotalAmt", "HomeTotalAmt"],
  prepare(ctx, input) {
    const bank = resolveRef(ctx, "Account", input.DepositToAccountRef, "DepositToAccountRef", true)!;
    const raw = requireLines(input);
    const nextId = lineIdAllocator(ctx, []);
    const depositId = ctx.existing ? String(ctx.existing.Id) : undefined;
    const lines = raw.map((l) => depositLine(ctx, l, nextId(), depositId));
    let total = lines.reduce((s, l) => s + toCents(l.Amount, "Line.Amount"), 0);
    const doc = commonTxnFields(ctx, "Deposit", input, false);
    if (input.CashBack) {
      const cashBack = input.CashBack as Doc;
      const account = resolveRef(ctx, "Account", cashBack.AccountRef, "CashBack.AccountRef", true)!;
      const cents = toCents(cashBack.Amount, "CashBack.Amount");
      total -= cents;
      doc.CashBack = { ...cashBack, AccountRef: refTo(account), Amount: toDecimal(cents) };
    }
    return { ...doc, DepositToAccountRef: refTo(bank), Line: lines, TotalAmt: toDecimal(total) };
  },
  effects(state, doc) {
    const header = headerOf("Deposit", doc);
    const postings: Posting[] = [];
    const sources: string[] = [];
    for (const line of doc.Line as Doc[]) {
      const cents = toCents(line.Amount, "Line.Amount");
      const linked = depositedFrom(state, line);
      if (linked) {
        sources.push(linked.key);
        postings.push(posting(header, linked.account, -cents));
        continue;
      }
      const detail = line.DepositLineDetail as Doc;
      const entity = detail.Entity as Doc | undefined;
      postings.push(
        posting(header, refValue(detail.AccountRef)!, -cents, {
          classId: refValue(detail.ClassRef),
          customerId: entity?.type === "Customer" ? refValue(entity) : undefined,
          vendorId: entity?.type === "Vendor" ? refValue(entity) : undefined,
        }),
      );
    }
    if (doc.CashBack) {
      const cashBack = doc.CashBack as Doc;
      postings.push(
        posting(header, refValue(cashBack.AccountRef)!, toCents(cashBack.Amount, "CashBack.Amount")),
      );
    }
    postings.push(posting(header, refValue(doc.DepositToAccountRef)!, toCents(doc.TotalAmt, "TotalAmt")));
    return { postings: nonZero(postings), depositSources: sources };
  },
};

const ENTITY_TYPES = new Set(["Customer", "Vendor", "Employee"]);

export const journalEntryRules: EntityRules = {
  name: "JournalEntry",
  kind: "transaction",
  readOnly: ["TotalAmt", "HomeTotalAmt"],
  prepare(ctx, input) {
    const raw = requireLines(input);
    const nextId = lineIdAllocator(ctx, raw);
    let debits = 0;
    let credits = 0;
    const lines = raw.map((l) => {
      if (l.DetailType !== undefined && l.DetailType !== "JournalEntryLineDetail") {
        throw faults.invalidEnumeration("Line.DetailType", String(l.DetailType));
      }
      const detail = { ...((l.JournalEntryLineDetail as Doc | undefined) ?? {}) };
      if (detail.PostingType === undefined) {
        throw faults.missingPostingType();
      }
      if (detail.PostingType !== "Debit" && detail.PostingType !== "Credit") {
        throw faults.invalidEnumeration("PostingType", String(detail.PostingType));
      }
      const account = resolveRef(
        ctx,
        "Account",
        detail.AccountRef,
        "Line.JournalEntryLineDetail.AccountRef",
        true,
      )!;
      detail.AccountRef = refTo(account);
      for (const [field, entity] of [["ClassRef", "Class"], ["DepartmentRef", "Department"]] as const) {
        const found = resolveRef(ctx, entity, detail[field], `Line.JournalEntryLineDetail.${field}`, false);
        if (found) detail[field] = refTo(found);
      }
      if (detail.Entity) {
        const entityInfo = detail.Entity as Doc;
        const type = String(entityInfo.Type ?? "Customer");
        if (!ENTITY_TYPES.has(type)) throw faults.invalidEnumeration("Entity.Type", type);
        const party = resolveRef(
          ctx,
          type,
          entityInfo.EntityRef,
          "Line.JournalEntryLineDetail.Entity",
          true,
        )!;
        detail.Entity = { Type: type, EntityRef: refTo(party) };
      }
      if (l.Amount === undefined || l.Amount === null) throw faults.requiredParamMissing("Line.Amount");
      const cents = toCents(l.Amount, "Line.Amount");
      if (detail.PostingType === "Debit") debits += cents;
      else credits += cents;
      return {
        ...l,
        Id: l.Id !== undefined ? String(l.Id) : nextId(),
        Amount: toDecimal(cents),
        DetailType: "JournalEntryLineDetail",
        JournalEntryLineDetail: detail,
      };
    });
    if (debits !== credits) throw faults.unbalancedJournal();
    const doc = commonTxnFields(ctx, "JournalEntry", input, false);
    return { Adjustment: false, ...doc, Line: lines, TotalAmt: toDecimal(debits) };
  },
  effects(_state, doc) {
    const header = headerOf("JournalEntry", doc);
    const postings = (doc.Line as Doc[]).map((line) => {
      const detail = line.JournalEntryLineDetail as Doc;
      const cents = toCents(line.Amount, "Line.Amount");
      const entity = detail.Entity as Doc | undefined;
      const partyId = entity ? refValue(entity.EntityRef) : undefined;
      return {
        ...posting(header, refValue(detail.AccountRef)!, detail.PostingType === "Debit" ? cents : -cents, {
          classId: refValue(detail.ClassRef),
          customerId: entity?.Type === "Customer" ? partyId : undefined,
          vendorId: entity?.Type === "Vendor" ? partyId : undefined,
        }),
        ...(refValue(detail.DepartmentRef) ? { departmentId: refValue(detail.DepartmentRef) } : {}),
      };
    });
    return { postings: nonZero(postings) };
  },
};
