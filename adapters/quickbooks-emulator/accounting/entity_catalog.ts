import { attachableRules } from "./attachable_rules.ts";
import { depositRules, journalEntryRules } from "./deposit_journal_rules.ts";
import type { EntityRules } from "./entity_rules.ts";
import { billPaymentRules, billRules, purchaseRules } from "./expense_rules.ts";
import {
  accountRules,
  classRules,
  departmentRules,
  itemRules,
  paymentMethodRules,
  termRules,
} from "./list_rules.ts";
import { paymentRules } from "./payment_rules.ts";
import { customerRules, employeeRules, vendorRules } from "./person_rules.ts";
import {
  creditMemoRules,
  estimateRules,
  invoiceRules,
  refundReceiptRules,
  salesReceiptRules,
} from "./sales_form_rules.ts";

/** The entities the accounting core serves, by canonical QBO name. */
const ALL_RULES: readonly EntityRules[] = [
  accountRules,
  classRules,
  departmentRules,
  itemRules,
  termRules,
  paymentMethodRules,
  customerRules,
  vendorRules,
  employeeRules,
  invoiceRules,
  paymentRules,
  salesReceiptRules,
  creditMemoRules,
  refundReceiptRules,
  estimateRules,
  billRules,
  billPaymentRules,
  purchaseRules,
  depositRules,
  journalEntryRules,
  attachableRules,
];

const BY_NAME = new Map(ALL_RULES.map((r) => [r.name, r]));
const BY_LOWER = new Map(ALL_RULES.map((r) => [r.name.toLowerCase(), r]));

/** Singletons with their own paths: `/companyinfo/{realmId}` and `/preferences`. */
export const SINGLETON_ENTITIES = ["CompanyInfo", "Preferences"] as const;

/** Entities without Ids, served by their own endpoints (exchange_rates.ts). */
export const KEYED_ENTITIES = ["ExchangeRate"] as const;

/** Rules for an entity named in any case (`invoice`, `Invoice`, `INVOICE`). */
export function rulesFor(name: string): EntityRules | undefined {
  return BY_NAME.get(name) ?? BY_LOWER.get(name.toLowerCase());
}

/** Canonical name of any entity this core serves, singletons included. */
export function canonicalEntityName(name: string): string | undefined {
  const rules = rulesFor(name);
  if (rules) return rules.name;
  const lower = name.toLowerCase();
  return [...SINGLETON_ENTITIES, ...KEYED_ENTITIES].find((s) => s.toLowerCase() === lower);
}

export function allEntityNames(): string[] {
  return [...ALL_RULES.map((r) => r.name), ...SINGLETON_ENTITIES, ...KEYED_ENTITIES];
}
