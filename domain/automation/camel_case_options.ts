import { z } from "zod";
import { LateFeePolicySchema } from "../billing/late_fee_policy.ts";
import type { WorkflowName } from "./workflow_catalog.ts";

/**
 * Late-fee policies were first written in camelCase (`graceDays`, `initialFee.amountCents`), unlike
 * the rest of the API. The API accepts that form for one more release (deprecated, answered with a
 * `Deprecation` header naming each key), and migration 018 rewrote the stored ones; both call
 * {@link upgradeCamelCaseOptions}, so the old and new names are mapped in one place.
 */
const POLICY_KEYS: Readonly<Record<string, string>> = {
  graceDays: "grace_days",
  initialFee: "initial_fee",
  dailyAccrualCents: "daily_accrual_cents",
  maxPerPeriodCents: "max_per_period_cents",
  maxPerLeaseCents: "max_per_lease_cents",
  appliesTo: "applies_to",
};
const FEE_KEYS: Readonly<Record<string, string>> = {
  amountCents: "amount_cents",
  basisPoints: "basis_points",
};

/** The options with their camelCase keys renamed, and the path of every key that was renamed. */
export interface UpgradedOptions {
  readonly options: unknown;
  readonly renamed: readonly string[];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function renameKeys(
  value: unknown,
  names: Readonly<Record<string, string>>,
  path: string,
  renamed: string[],
) {
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => {
      const name = names[key];
      // A key sent in both forms keeps both, so the strict schema refuses the camelCase one.
      if (name === undefined || name in value) return [key, inner];
      renamed.push(`${path}.${key}`);
      return [name, inner];
    }),
  );
}

function upgradePolicy(policy: unknown, path: string, renamed: string[]): unknown {
  const upgraded = renameKeys(policy, POLICY_KEYS, path, renamed);
  if (!isObject(upgraded) || !isObject(upgraded.initial_fee)) return upgraded;
  return {
    ...upgraded,
    initial_fee: renameKeys(upgraded.initial_fee, FEE_KEYS, `${path}.initial_fee`, renamed),
  };
}

/**
 * `options` of `workflow` with the deprecated camelCase keys of late-fee policies in snake_case
 * (anything else is returned as it is, for the options schema to judge).
 *
 * @example
 * ```ts
 * upgradeCamelCaseOptions("late_fee_processing", {
 *   default_policy: { graceDays: 5, initialFee: { kind: "flat", amountCents: 5_000 } },
 * });
 * // { options: { default_policy: { grace_days: 5, initial_fee: { kind: "flat", amount_cents: 5_000 } } },
 * //   renamed: ["options.default_policy.graceDays", "options.default_policy.initialFee",
 * //             "options.default_policy.initial_fee.amountCents"] }
 * ```
 */
export function upgradeCamelCaseOptions(workflow: WorkflowName, options: unknown): UpgradedOptions {
  if (workflow !== "late_fee_processing" || !isObject(options)) return { options, renamed: [] };
  const renamed: string[] = [];
  const upgraded: Record<string, unknown> = { ...options };
  if (options.default_policy !== undefined) {
    upgraded.default_policy = upgradePolicy(options.default_policy, "options.default_policy", renamed);
  }
  if (isObject(options.property_policies)) {
    upgraded.property_policies = Object.fromEntries(
      Object.entries(options.property_policies).map(([property, policy]) => [
        property,
        upgradePolicy(policy, `options.property_policies.${property}`, renamed),
      ]),
    );
  }
  return { options: renamed.length === 0 ? options : upgraded, renamed };
}

/** The camelCase form of a late-fee policy the API still accepts (documented as deprecated). */
export const CamelCaseLateFeePolicySchema = z.strictObject({ ...LateFeePolicySchema.shape }).meta({
  id: "LateFeePolicyCamelCase",
  deprecated: true,
  description:
    "**Deprecated**: the camelCase form of `LateFeePolicy` (`graceDays`, `initialFee.amountCents`, ...), " +
    "accepted until the next major version and stored in snake_case. A request that uses it is answered with " +
    "a `Deprecation` header and a `Warning` naming each camelCase key. Send `LateFeePolicy` instead.",
});
