import { z } from "zod";
import type { Permission } from "./permissions.ts";

/**
 * The features a stored user grant may allow (`allowed_features`). Each permission belongs to
 * exactly one feature, so a grant's features name the permissions it leaves the user. The
 * original product also named `reports`: the service has no permission of its own for it
 * (reconciliation reports and data quality are `reconciliation`), so it is not a feature here until
 * such a permission exists. `webhooks` is outbound webhook endpoints (issue 17).
 * `quickbooks` is the QuickBooks pass-through (`/qbo/...`, its reports included).
 */
export const FeatureSchema = z.enum([
  "connections",
  "sync",
  "settings",
  "reconciliation",
  "automation",
  "audit",
  "access",
  "api_keys",
  "webhooks",
  "quickbooks",
]);
export type Feature = z.infer<typeof FeatureSchema>;

/**
 * The feature of every permission, written out (the type makes it total: a new permission does
 * not compile until it has a feature).
 *
 * @example
 * ```ts
 * FEATURE_OF_PERMISSION["mappings:write"]; // "settings"
 * ```
 */
export const FEATURE_OF_PERMISSION: Readonly<Record<Permission, Feature>> = {
  "connections:read": "connections",
  "connections:manage": "connections",
  "records:write": "sync",
  "sync:read": "sync",
  "sync:run": "sync",
  "conflicts:resolve": "sync",
  "mappings:read": "settings",
  "mappings:write": "settings",
  "settings:read": "settings",
  "settings:write": "settings",
  "reconcile:read": "reconciliation",
  "reconcile:run": "reconciliation",
  "automation:read": "automation",
  "automation:manage": "automation",
  "audit:read": "audit",
  "access:manage": "access",
  "api_keys:manage": "api_keys",
  "webhooks:manage": "webhooks",
  "qbo:read": "quickbooks",
  "qbo:write": "quickbooks",
};

/**
 * The permissions the features hold together.
 *
 * @example
 * ```ts
 * permissionsOfFeatures(["audit"]); // Set { "audit:read" }
 * ```
 */
export function permissionsOfFeatures(features: readonly Feature[]): ReadonlySet<Permission> {
  const wanted = new Set(features);
  return new Set(
    (Object.entries(FEATURE_OF_PERMISSION) as [Permission, Feature][])
      .filter(([, feature]) => wanted.has(feature))
      .map(([permission]) => permission),
  );
}
