import type { CompanyState, Doc } from "./company_state.ts";
import { faults } from "./fault_catalog.ts";
import type { EntityRules } from "./entity_rules.ts";
import { refTo, resolveRef, type RuleContext, toDecimal } from "./rule_context.ts";

/**
 * Customer, Vendor and Employee: DisplayName unique across all three (6240), built from the name
 * parts when absent (6080 when there is none), " (deleted)" appended on deactivation as QBO does,
 * and customers nest as sub-customers/jobs up to 5 levels.
 */
const USD = { value: "USD", name: "United States Dollar" };
const DELETED_SUFFIX = " (deleted)";
const MAX_CUSTOMER_LEVEL = 4;

function builtDisplayName(doc: Doc): string | undefined {
  const parts = [doc.Title, doc.GivenName, doc.MiddleName, doc.FamilyName, doc.Suffix]
    .filter((p): p is string => typeof p === "string" && p.trim() !== "");
  return parts.length > 0 ? parts.join(" ") : undefined;
}

/**
 * Final DisplayName; uniqueness is checked on the fully qualified name, since QBO lets a
 * sub-customer share its leaf name with another customer ("Doe, Jack:Jack Doe" and "Jack Doe").
 */
function settleDisplayName(ctx: RuleContext, entity: string, doc: Doc, parentName?: string): string {
  let name = typeof doc.DisplayName === "string" && doc.DisplayName.trim() !== ""
    ? doc.DisplayName.trim()
    : builtDisplayName(doc);
  if (name === undefined) throw faults.noNameProvided();
  if (/[:\t\n]/.test(name)) throw faults.invalidName("DisplayName");
  const wasActive = ctx.existing?.Active !== false;
  if (doc.Active === false && wasActive && !name.endsWith(DELETED_SUFFIX)) name += DELETED_SUFFIX;
  if (doc.Active !== false && !wasActive && name.endsWith(DELETED_SUFFIX)) {
    name = name.slice(0, -DELETED_SUFFIX.length);
  }
  const owner = ctx.state.personNameOwner(parentName === undefined ? name : `${parentName}:${name}`);
  if (owner !== undefined && owner !== `${entity}:${ctx.existing?.Id}`) throw faults.duplicateName();
  return name;
}

function personBase(ctx: RuleContext, entity: string, doc: Doc, parentName?: string): Doc {
  const DisplayName = settleDisplayName(ctx, entity, doc, parentName);
  const printName = typeof doc.PrintOnCheckName === "string" && doc.PrintOnCheckName !== ""
    ? doc.PrintOnCheckName
    : DisplayName.replace(DELETED_SUFFIX, "");
  return { ...doc, DisplayName, PrintOnCheckName: printName, Active: doc.Active !== false };
}

/** Walks ParentRef links to build "Parent:Child" (bounded, so a cycle cannot hang a render). */
export function customerQualifiedName(state: CompanyState, doc: Doc): string {
  const names = [String(doc.DisplayName)];
  let parentId = (doc.ParentRef as { value?: string } | undefined)?.value;
  for (let depth = 0; parentId !== undefined && depth < 6; depth++) {
    const parent = state.get("Customer", parentId);
    if (!parent) break;
    names.unshift(String(parent.DisplayName));
    parentId = (parent.ParentRef as { value?: string } | undefined)?.value;
  }
  return names.join(":");
}

export const customerRules: EntityRules = {
  name: "Customer",
  kind: "list",
  readOnly: ["Balance", "BalanceWithJobs", "FullyQualifiedName", "Level"],
  prepare(ctx, input) {
    const parent = resolveRef(ctx, "Customer", input.ParentRef, "ParentRef", false);
    const parentName = parent ? customerQualifiedName(ctx.state, parent) : undefined;
    const doc = personBase(ctx, "Customer", input, parentName);
    doc.FullyQualifiedName = parentName === undefined ? doc.DisplayName : `${parentName}:${doc.DisplayName}`;
    if (parent) {
      if (String(parent.Id) === String(ctx.existing?.Id)) {
        throw faults.businessValidation("A customer cannot be its own parent");
      }
      const level = Number(parent.Level ?? 0) + 1;
      if (level > MAX_CUSTOMER_LEVEL) throw faults.nameNestingTooDeep();
      doc.ParentRef = refTo(parent);
      doc.Level = level;
      doc.Job = doc.Job ?? true;
    } else {
      delete doc.ParentRef;
      delete doc.Level;
      doc.Job = doc.Job ?? false;
    }
    const term = resolveRef(ctx, "Term", doc.SalesTermRef, "SalesTermRef", false);
    if (term) doc.SalesTermRef = { value: String(term.Id) };
    const method = resolveRef(ctx, "PaymentMethod", doc.PaymentMethodRef, "PaymentMethodRef", false);
    if (method) doc.PaymentMethodRef = refTo(method);
    return {
      Taxable: true,
      BillWithParent: false,
      CurrencyRef: USD,
      PreferredDeliveryMethod: "Print",
      ...doc,
    };
  },
  render(state, doc) {
    const id = String(doc.Id);
    const own = state.ledger.customerBalance(id);
    return {
      ...doc,
      Balance: toDecimal(own),
      BalanceWithJobs: toDecimal(own + descendantsBalance(state, id, 0)),
      FullyQualifiedName: customerQualifiedName(state, doc),
    };
  },
};

function descendantsBalance(state: CompanyState, parentId: string, depth: number): number {
  if (depth > 5) return 0;
  let sum = 0;
  for (const child of state.childrenOf("Customer", parentId)) {
    const childId = String(child.Id);
    sum += state.ledger.customerBalance(childId) + descendantsBalance(state, childId, depth + 1);
  }
  return sum;
}

export const vendorRules: EntityRules = {
  name: "Vendor",
  kind: "list",
  readOnly: ["Balance"],
  prepare(ctx, input) {
    const doc = personBase(ctx, "Vendor", input);
    const term = resolveRef(ctx, "Term", doc.TermRef, "TermRef", false);
    if (term) doc.TermRef = { value: String(term.Id) };
    return { Vendor1099: false, CurrencyRef: USD, ...doc };
  },
  render(state, doc) {
    return { ...doc, Balance: toDecimal(state.ledger.vendorBalance(String(doc.Id))) };
  },
};

export const employeeRules: EntityRules = {
  name: "Employee",
  kind: "list",
  readOnly: [],
  prepare(ctx, input) {
    const doc = personBase(ctx, "Employee", input);
    const printName = builtDisplayName({ GivenName: doc.GivenName, FamilyName: doc.FamilyName });
    if (input.PrintOnCheckName === undefined && printName) doc.PrintOnCheckName = printName;
    return { BillableTime: false, ...doc };
  },
};
