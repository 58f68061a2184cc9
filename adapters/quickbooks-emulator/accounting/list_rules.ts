import { ACCOUNT_TYPES, accountTypeOfSubType } from "./account_types.ts";
import type { Doc } from "./company_state.ts";
import type { EntityRules } from "./entity_rules.ts";
import { faults } from "./fault_catalog.ts";
import { refTo, resolveRef, type RuleContext, toDecimal } from "./rule_context.ts";

/**
 * Name lists other than people: Account, Class, Department, Item, Term, PaymentMethod. Names are
 * required, unique per entity by fully qualified name (6240), may nest under a parent of the same
 * entity ("Parent:Child", 5 levels) and are deactivated with Active:false, never deleted.
 */
const USD = { value: "USD", name: "United States Dollar" };
const MAX_LEVEL = 4;

function namedWithParent(ctx: RuleContext, entity: string, input: Doc, subFlag: string | undefined): Doc {
  if (typeof input.Name !== "string" || input.Name.trim() === "") throw faults.requiredParamMissing("Name");
  const name = input.Name.trim();
  if (/[:\t\n"]/.test(name)) throw faults.invalidName("Name");
  const doc: Doc = { ...input, Name: name, Active: input.Active !== false };
  const parent = subFlag ? resolveRef(ctx, entity, input.ParentRef, "ParentRef", false) : undefined;
  if (parent) {
    if (String(parent.Id) === String(ctx.existing?.Id)) {
      throw faults.businessValidation(`A ${entity} cannot be its own parent`);
    }
    const level = String(parent.FullyQualifiedName ?? parent.Name).split(":").length;
    if (level > MAX_LEVEL) throw faults.nameNestingTooDeep();
    doc.ParentRef = { value: String(parent.Id) };
    doc.FullyQualifiedName = `${parent.FullyQualifiedName ?? parent.Name}:${name}`;
  } else {
    delete doc.ParentRef;
    doc.FullyQualifiedName = name;
  }
  if (subFlag) doc[subFlag] = parent !== undefined;
  const owner = ctx.state.listNameOwner(entity, String(doc.FullyQualifiedName));
  if (owner !== undefined && owner !== String(ctx.existing?.Id)) {
    throw faults.duplicateListName(entity, String(doc.FullyQualifiedName));
  }
  return doc;
}

function accountClassification(input: Doc): { type: string; subType: string } {
  const type = typeof input.AccountType === "string" ? input.AccountType : undefined;
  const subType = typeof input.AccountSubType === "string" ? input.AccountSubType : undefined;
  if (type === undefined && subType === undefined) throw faults.invalidAccountType("(none)");
  if (type !== undefined && !ACCOUNT_TYPES[type]) throw faults.invalidAccountType(type);
  const resolvedType = type ?? accountTypeOfSubType(subType!);
  if (resolvedType === undefined) throw faults.invalidAccountType(String(subType));
  const info = ACCOUNT_TYPES[resolvedType];
  if (subType !== undefined && type !== undefined && !info.subTypes.includes(subType)) {
    throw faults.invalidAccountType(`${type}/${subType}`);
  }
  return { type: resolvedType, subType: subType ?? info.defaultSubType };
}

/** Balance sign QBO shows: assets and expenses debit-positive, the rest credit-positive. */
function naturalBalance(doc: Doc, debitCents: number): number {
  const c = doc.Classification;
  return c === "Asset" || c === "Expense" ? debitCents : -debitCents;
}

export const accountRules: EntityRules = {
  name: "Account",
  kind: "list",
  readOnly: ["CurrentBalance", "CurrentBalanceWithSubAccounts", "FullyQualifiedName", "Classification"],
  prepare(ctx, input) {
    const doc = namedWithParent(ctx, "Account", input, "SubAccount");
    const { type, subType } = accountClassification(input);
    if (
      ctx.existing && ctx.existing.AccountType !== type &&
      ctx.state.ledger.accountBalance(String(ctx.existing.Id)) !== 0
    ) {
      throw faults.businessValidation("The type of an account with transactions cannot be changed");
    }
    return {
      ...doc,
      Classification: ACCOUNT_TYPES[type].classification,
      AccountType: type,
      AccountSubType: subType,
      CurrencyRef: USD,
    };
  },
  render(state, doc) {
    const id = String(doc.Id);
    const own = state.ledger.accountBalance(id);
    let withSubs = own;
    for (const child of state.childrenOf("Account", id)) {
      withSubs += state.ledger.accountBalance(String(child.Id));
    }
    return {
      ...doc,
      CurrentBalance: toDecimal(naturalBalance(doc, own)),
      CurrentBalanceWithSubAccounts: toDecimal(naturalBalance(doc, withSubs)),
    };
  },
};

export const classRules: EntityRules = {
  name: "Class",
  kind: "list",
  readOnly: ["FullyQualifiedName"],
  prepare: (ctx, input) => namedWithParent(ctx, "Class", input, "SubClass"),
};

export const departmentRules: EntityRules = {
  name: "Department",
  kind: "list",
  readOnly: ["FullyQualifiedName"],
  prepare: (ctx, input) => namedWithParent(ctx, "Department", input, "SubDepartment"),
};

const ITEM_TYPES = new Set(["Service", "NonInventory", "Inventory", "Category", "Group"]);

export const itemRules: EntityRules = {
  name: "Item",
  kind: "list",
  readOnly: ["FullyQualifiedName", "Level"],
  prepare(ctx, input) {
    const doc = namedWithParent(ctx, "Item", input, "SubItem");
    const type = input.Type ?? "Service";
    if (typeof type !== "string" || !ITEM_TYPES.has(type)) {
      throw faults.invalidEnumeration("Type", String(type));
    }
    if (ctx.existing && ctx.existing.Type === "Inventory" && type !== "Inventory") {
      throw faults.businessValidation("The type of an inventory item cannot be changed");
    }
    const income = resolveRef(
      ctx,
      "Account",
      input.IncomeAccountRef,
      "IncomeAccountRef",
      type === "Service" || type === "NonInventory" || type === "Inventory",
    );
    const expense = resolveRef(
      ctx,
      "Account",
      input.ExpenseAccountRef,
      "ExpenseAccountRef",
      type === "Inventory",
    );
    const asset = resolveRef(ctx, "Account", input.AssetAccountRef, "AssetAccountRef", type === "Inventory");
    const out: Doc = {
      Taxable: false,
      UnitPrice: 0,
      PurchaseCost: 0,
      TrackQtyOnHand: type === "Inventory",
      ...doc,
      Type: type,
    };
    if (income) out.IncomeAccountRef = refTo(income);
    if (expense) out.ExpenseAccountRef = refTo(expense);
    if (asset) out.AssetAccountRef = refTo(asset);
    return out;
  },
};

export const termRules: EntityRules = {
  name: "Term",
  kind: "list",
  readOnly: [],
  prepare(ctx, input) {
    if (typeof input.Name !== "string" || input.Name.trim() === "") throw faults.requiredParamMissing("Name");
    const owner = ctx.state.listNameOwner("Term", input.Name);
    if (owner !== undefined && owner !== String(ctx.existing?.Id)) {
      throw faults.duplicateListName("Term", input.Name);
    }
    return { Type: "STANDARD", DueDays: 0, ...input, Active: input.Active !== false };
  },
};

export const paymentMethodRules: EntityRules = {
  name: "PaymentMethod",
  kind: "list",
  readOnly: [],
  prepare(ctx, input) {
    if (typeof input.Name !== "string" || input.Name.trim() === "") throw faults.requiredParamMissing("Name");
    const owner = ctx.state.listNameOwner("PaymentMethod", input.Name);
    if (owner !== undefined && owner !== String(ctx.existing?.Id)) {
      throw faults.duplicateListName("PaymentMethod", input.Name);
    }
    return { Type: "NON_CREDIT_CARD", ...input, Active: input.Active !== false };
  },
};
