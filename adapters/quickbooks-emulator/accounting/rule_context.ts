import { centsToDecimal, decimalToCents } from "../../../domain/shared/money.ts";
import type { CompanyState, Doc } from "./company_state.ts";
import { faults } from "./fault_catalog.ts";

/** What an entity rule needs to validate and complete one write. */
export interface RuleContext {
  readonly state: CompanyState;
  /** MetaData-style timestamp of this write. */
  readonly now: string;
  /** Company-local date of this write (default TxnDate). */
  readonly today: string;
  /** `include=allowduplicatedocnum` was sent. */
  readonly allowDuplicateDocNumber: boolean;
  /** The stored version on update; undefined on create. */
  readonly existing?: Doc;
}

/** The id inside a ReferenceType (`{"value":"5"}`), or undefined when absent. */
export function refValue(ref: unknown): string | undefined {
  if (ref === undefined || ref === null) return undefined;
  if (typeof ref === "object" && "value" in ref) {
    const v = (ref as { value: unknown }).value;
    if (typeof v === "string" || typeof v === "number") return String(v);
  }
  return undefined;
}

/**
 * Resolves a reference to a stored object: 2020 when required and absent, 2500 when the id does
 * not exist, 610 when the object is inactive (QBO's "made inactive" wording).
 */
export function resolveRef(
  ctx: RuleContext,
  entity: string,
  ref: unknown,
  element: string,
  required: boolean,
): Doc | undefined {
  const id = refValue(ref);
  if (id === undefined) {
    if (required) throw faults.requiredParamMissing(element);
    return undefined;
  }
  const doc = ctx.state.get(entity, id);
  if (!doc) throw faults.invalidReference(entity, id, element);
  if (doc.Active === false) throw faults.objectNotFound(entity, id);
  return doc;
}

/** A ReferenceType pointing at `doc`, named like QBO names it. */
export function refTo(doc: Doc): { value: string; name: string } {
  const name = doc.FullyQualifiedName ?? doc.DisplayName ?? doc.Name ?? "";
  return { value: String(doc.Id), name: String(name) };
}

/** Integer cents of a QBO amount; fault 2100 when it is not a number. */
export function toCents(value: unknown, element: string): number {
  if (typeof value !== "number" && typeof value !== "string") throw faults.invalidNumber(element, value);
  try {
    return decimalToCents(value);
  } catch {
    throw faults.invalidNumber(element, value);
  }
}

export function toDecimal(cents: number): number {
  return centsToDecimal(cents);
}

/** The first active account of a sub type (the company's default A/R, Undeposited Funds ...). */
export function defaultAccount(state: CompanyState, subType: string): Doc {
  const found = state.list("Account").find((a) => a.AccountSubType === subType && a.Active !== false);
  if (!found) throw faults.businessValidation(`The company has no active ${subType} account`);
  return found;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A `YYYY-MM-DD` field (QBO also accepts a full timestamp and keeps the date part). */
export function toDate(value: unknown, element: string): string {
  if (typeof value === "string") {
    const date = value.slice(0, 10);
    if (DATE.test(date) && !Number.isNaN(Date.parse(`${date}T00:00:00Z`))) return date;
  }
  throw faults.invalidDate(element, value);
}

/** Drops read-only properties a client echoed back (QBO ignores them silently). */
export function withoutFields(doc: Doc, fields: readonly string[]): Doc {
  const copy = { ...doc };
  for (const f of fields) delete copy[f];
  return copy;
}
