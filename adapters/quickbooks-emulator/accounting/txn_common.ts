import type { Posting } from "../contracts.ts";
import type { Doc } from "./company_state.ts";
import { faults } from "./fault_catalog.ts";
import { refValue, resolveRef, type RuleContext, toDate } from "./rule_context.ts";

/** Fields every transaction shares: dates, currency, department, DocNumber rules. */
export const USD = { value: "USD", name: "United States Dollar" };

/** Sales forms get DocNumbers from a per-form counter starting at 1001, like a new QBO company. */
export const FIRST_DOC_NUMBER = 1001;

export function commonTxnFields(ctx: RuleContext, entity: string, input: Doc, autoDocNumber: boolean): Doc {
  const doc: Doc = { ...input, CurrencyRef: USD };
  doc.TxnDate = input.TxnDate === undefined || input.TxnDate === null
    ? ctx.today
    : toDate(input.TxnDate, "TxnDate");
  const department = resolveRef(ctx, "Department", input.DepartmentRef, "DepartmentRef", false);
  if (department) {
    doc.DepartmentRef = { value: String(department.Id), name: String(department.FullyQualifiedName) };
  } else delete doc.DepartmentRef;
  if (typeof input.DocNumber === "number") doc.DocNumber = String(input.DocNumber);
  if (typeof doc.DocNumber === "string" && doc.DocNumber.length > 21) {
    throw faults.stringTooLong("DocNumber", 21, doc.DocNumber.length);
  }
  if ((doc.DocNumber === undefined || doc.DocNumber === "") && autoDocNumber) {
    doc.DocNumber = ctx.existing?.DocNumber ?? String(ctx.state.next(`doc:${entity}`, FIRST_DOC_NUMBER));
  }
  const unchanged = ctx.existing !== undefined && ctx.existing.DocNumber === doc.DocNumber;
  if (
    typeof doc.DocNumber === "string" && doc.DocNumber !== "" && autoDocNumber &&
    !ctx.allowDuplicateDocNumber &&
    !unchanged
  ) {
    const owner = ctx.state.docNumberOwner(entity, doc.DocNumber);
    if (owner !== undefined && owner !== String(ctx.existing?.Id)) {
      throw faults.duplicateDocNumber(doc.DocNumber, entity, owner);
    }
  }
  return doc;
}

/** Assigns line Ids like QBO: kept when sent, otherwise one past the highest Id seen so far. */
export function lineIdAllocator(ctx: RuleContext, lines: readonly Doc[]): () => string {
  let max = 0;
  const seen = [...lines, ...((ctx.existing?.Line as Doc[] | undefined) ?? [])];
  for (const l of seen) {
    const n = Number(l.Id);
    if (Number.isInteger(n) && n > max) max = n;
  }
  return () => String(++max);
}

export function requireLines(input: Doc): Doc[] {
  const lines = input.Line;
  if (!Array.isArray(lines) || lines.length === 0) throw faults.requiredParamMissing("Line");
  for (const l of lines) {
    if (typeof l !== "object" || l === null || Array.isArray(l)) throw faults.requiredParamMissing("Line");
  }
  return lines as Doc[];
}

/** Posting attributes shared by all lines of a transaction. */
export interface PostingHeader {
  readonly txnType: string;
  readonly txnId: string;
  readonly txnDate: string;
  readonly customerId?: string;
  readonly vendorId?: string;
  readonly departmentId?: string;
  readonly classId?: string;
}

export function headerOf(
  entity: string,
  doc: Doc,
  party: { customer?: unknown; vendor?: unknown } = {},
): PostingHeader {
  return {
    txnType: entity,
    txnId: String(doc.Id),
    txnDate: String(doc.TxnDate),
    customerId: refValue(party.customer),
    vendorId: refValue(party.vendor),
    departmentId: refValue(doc.DepartmentRef),
    classId: refValue(doc.ClassRef),
  };
}

/** One posting; undefined attributes are omitted so postings stay compact in snapshots. */
export function posting(
  header: PostingHeader,
  accountId: string,
  amountCents: number,
  overrides: { classId?: string; customerId?: string; vendorId?: string } = {},
): Posting {
  const p: Record<string, unknown> = {
    txnType: header.txnType,
    txnId: header.txnId,
    txnDate: header.txnDate,
    accountId,
    amountCents,
  };
  const customerId = overrides.customerId ?? header.customerId;
  const vendorId = overrides.vendorId ?? header.vendorId;
  const classId = overrides.classId ?? header.classId;
  if (customerId !== undefined) p.customerId = customerId;
  if (vendorId !== undefined) p.vendorId = vendorId;
  if (classId !== undefined) p.classId = classId;
  if (header.departmentId !== undefined) p.departmentId = header.departmentId;
  return p as unknown as Posting;
}

/** Drops zero postings (voided transactions post nothing). */
export function nonZero(postings: Posting[]): Posting[] {
  return postings.filter((p) => p.amountCents !== 0);
}

/** QBO's void: amounts zeroed and "Voided" prepended to the private note. */
export function voidedNote(doc: Doc): string {
  const note = typeof doc.PrivateNote === "string" && doc.PrivateNote !== "" ? doc.PrivateNote : "";
  return note === "" ? "Voided" : `Voided - ${note}`;
}
