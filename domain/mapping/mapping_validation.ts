import { z } from "zod";
import { type AccountMapping, type AccountPurpose, AccountPurposeSchema } from "./account_mapping.ts";
import { QboAccountTypeSchema } from "../model/quickbooks/qbo_account.ts";
import type { AccountEntry } from "../model/quickbooks/qbo_reference_list.ts";
import { fingerprint } from "../sync/fingerprint.ts";

/** An account type a purpose accepts, optionally narrowed to one sub type. */
export const AccountTypeRuleSchema = z.object({
  account_type: QboAccountTypeSchema,
  account_sub_type: z.string().optional(),
});
export type AccountTypeRule = z.infer<typeof AccountTypeRuleSchema>;

const INCOME: readonly AccountTypeRule[] = [{ account_type: "Income" }, { account_type: "Other Income" }];

/**
 * The account types each purpose may post to, as a careful bookkeeper for a property manager
 * would insist:
 * - income purposes (rent, late fees, other, utility, pet and damage income): Income or Other Income;
 * - `security_deposit_liability`: a liability (Other Current Liability, or Long Term Liability
 *   for deposits held beyond a year): a deposit is never income when received;
 * - `accounts_receivable`: Accounts Receivable; `accounts_payable`: Accounts Payable;
 * - `undeposited_funds` (where payments are deposited to): Undeposited Funds (Other Current Asset
 *   with sub type UndepositedFunds) or a Bank account;
 * - `operating_bank` (refund checks, bill payments): Bank; `credit_card`: Credit Card.
 */
export const PURPOSE_ACCOUNT_TYPES: Readonly<Record<AccountPurpose, readonly AccountTypeRule[]>> = {
  rental_income: INCOME,
  late_fee_income: INCOME,
  other_income: INCOME,
  utility_income: INCOME,
  pet_fee_income: INCOME,
  damage_income: INCOME,
  security_deposit_liability: [
    { account_type: "Other Current Liability" },
    { account_type: "Long Term Liability" },
  ],
  accounts_receivable: [{ account_type: "Accounts Receivable" }],
  undeposited_funds: [
    { account_type: "Other Current Asset", account_sub_type: "UndepositedFunds" },
    { account_type: "Bank" },
  ],
  operating_bank: [{ account_type: "Bank" }],
  credit_card: [{ account_type: "Credit Card" }],
  accounts_payable: [{ account_type: "Accounts Payable" }],
};

/** Expense categories post to any expense account: Expense, Other Expense or Cost of Goods Sold. */
export const EXPENSE_ACCOUNT_TYPES: readonly AccountTypeRule[] = [
  { account_type: "Expense" },
  { account_type: "Other Expense" },
  { account_type: "Cost of Goods Sold" },
];

/** Why a mapped account cannot serve its purpose. */
export const MappingProblemReasonSchema = z.enum(["not_found", "inactive", "wrong_type"]);
export type MappingProblemReason = z.infer<typeof MappingProblemReasonSchema>;

/** One mapped account that does not fit the QuickBooks company. */
export const MappingProblemSchema = z.object({
  /** The property whose override maps the account; null for the organization defaults. */
  property_id: z.string().nullable(),
  /** The purpose, or `expense` for an expense category's account. */
  purpose: z.union([AccountPurposeSchema, z.literal("expense")]),
  expense_category: z.string().nullable(),
  account_id: z.string(),
  reason: MappingProblemReasonSchema,
  /** The account types the purpose accepts. */
  expected: z.array(AccountTypeRuleSchema),
  /** The account as the company has it; null when it does not exist. */
  actual: z.object({
    name: z.string(),
    account_type: QboAccountTypeSchema,
    account_sub_type: z.string().nullable(),
    active: z.boolean(),
  }).nullable(),
});
export type MappingProblem = z.infer<typeof MappingProblemSchema>;

/**
 * Whether the mapping fits a QuickBooks company: `valid` or `invalid` (with the problems) when it
 * was checked against the company (`realm_id`, `checked_at`); `unchecked` when no company was
 * connected to check it against, or the mapping changed since it was checked.
 */
export const MappingValidationSchema = z.object({
  state: z.enum(["valid", "invalid", "unchecked"]),
  realm_id: z.string().nullable(),
  checked_at: z.string().nullable(),
  problems: z.array(MappingProblemSchema),
});
export type MappingValidation = z.infer<typeof MappingValidationSchema>;

/** A validation that says nothing yet (no company to check against, or checked before a change). */
export function uncheckedValidation(realmId: string | null = null): MappingValidation {
  return { state: "unchecked", realm_id: realmId, checked_at: null, problems: [] };
}

/** One account the mapping names, with where and what for. */
interface MappedAccount {
  readonly propertyId: string | null;
  readonly purpose: AccountPurpose | "expense";
  readonly expenseCategory: string | null;
  readonly accountId: string;
}

function mappedAccounts(mapping: AccountMapping): MappedAccount[] {
  const parts: [string | null, AccountMapping["defaults"]][] = [
    [null, mapping.defaults],
    ...Object.entries(mapping.property_overrides).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0),
  ];
  return parts.flatMap(([propertyId, assignments]) => [
    ...AccountPurposeSchema.options.flatMap((purpose) => {
      const accountId = assignments.accounts[purpose];
      return accountId === undefined ? [] : [{ propertyId, purpose, expenseCategory: null, accountId }];
    }),
    ...Object.entries(assignments.expense_accounts).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)
      .map(([category, accountId]) => ({
        propertyId,
        purpose: "expense" as const,
        expenseCategory: category,
        accountId,
      })),
  ]);
}

/**
 * Every QBO account id the mapping names (defaults and overrides), once each.
 *
 * @example
 * ```ts
 * mappedAccountIds(mapping); // ["79", "84", "61"]
 * ```
 */
export function mappedAccountIds(mapping: AccountMapping): string[] {
  return [...new Set(mappedAccounts(mapping).map((m) => m.accountId))];
}

function fits(account: AccountEntry, rules: readonly AccountTypeRule[]): boolean {
  return rules.some((rule) =>
    rule.account_type === account.account_type &&
    (rule.account_sub_type === undefined || rule.account_sub_type === account.account_sub_type)
  );
}

/**
 * The mapped accounts that cannot serve their purpose in a company whose accounts `accountOf`
 * looks up: `not_found` (no such id: QBO would refuse every payload naming it with 2500
 * "Invalid Reference Id"), `inactive` (QBO refuses references to inactive accounts with 610), or
 * `wrong_type` (with the types the purpose accepts). Defaults first, then overrides by property.
 * Pure.
 *
 * @example
 * ```ts
 * mappingAccountProblems(mapping, (id) => chart.get(id));
 * // [{ property_id: null, purpose: "rental_income", account_id: "99999", reason: "not_found", ... }]
 * ```
 */
export function mappingAccountProblems(
  mapping: AccountMapping,
  accountOf: (accountId: string) => AccountEntry | undefined,
): MappingProblem[] {
  const problems: MappingProblem[] = [];
  for (const mapped of mappedAccounts(mapping)) {
    const expected = mapped.purpose === "expense"
      ? EXPENSE_ACCOUNT_TYPES
      : PURPOSE_ACCOUNT_TYPES[mapped.purpose];
    const account = accountOf(mapped.accountId);
    const reason: MappingProblemReason | null = account === undefined
      ? "not_found"
      : !account.active
      ? "inactive"
      : !fits(account, expected)
      ? "wrong_type"
      : null;
    if (reason === null) continue;
    problems.push({
      property_id: mapped.propertyId,
      purpose: mapped.purpose,
      expense_category: mapped.expenseCategory,
      account_id: mapped.accountId,
      reason,
      expected: expected.map((rule) => ({ ...rule })),
      actual: account === undefined ? null : {
        name: account.name,
        account_type: account.account_type,
        account_sub_type: account.account_sub_type,
        active: account.active,
      },
    });
  }
  return problems;
}

/**
 * One line per problem, for error messages and logs.
 *
 * @example
 * ```ts
 * describeMappingProblem(problem); // "rental_income -> account 99999: not_found"
 * ```
 */
export function describeMappingProblem(problem: MappingProblem): string {
  const what = problem.purpose === "expense"
    ? `expense category ${problem.expense_category}`
    : problem.purpose;
  const where = problem.property_id === null ? "" : ` at property ${problem.property_id}`;
  const why = problem.reason === "wrong_type"
    ? `wrong_type (${problem.actual?.account_type}; expected ${
      problem.expected.map((r) =>
        r.account_sub_type ? `${r.account_type}/${r.account_sub_type}` : r.account_type
      )
        .join(" or ")
    })`
    : problem.reason;
  return `${what}${where} -> account ${problem.account_id}: ${why}`;
}

/**
 * Identifies a mapping's content, so a validation can tell whether it still describes the mapping
 * as stored (key order and revisions do not matter).
 *
 * @example
 * ```ts
 * mappingFingerprint(mapping) === mappingFingerprint(structuredClone(mapping)); // true
 * ```
 */
export function mappingFingerprint(mapping: AccountMapping): string {
  return fingerprint({ defaults: mapping.defaults, property_overrides: mapping.property_overrides });
}
