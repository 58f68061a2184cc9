import { DomainError } from "../../domain/errors.ts";
import {
  type AccountAssignments,
  type AccountMapping,
  type AccountPurpose,
  AccountPurposeSchema,
  type PropertyAccountOverride,
} from "../../domain/mapping/account_mapping.ts";
import { findAccount } from "../../domain/mapping/account_resolution.ts";
import type {
  AccountMappingRepository,
  MappingRevision,
} from "../../domain/ports/account_mapping_repository.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { RecordMirror } from "../../domain/ports/record_mirror.ts";
import type { AuditTrail } from "../connections/audit_trail.ts";
import { type Caller, requireAuthorized, requireRole } from "../../domain/access/authorize.ts";

export interface AccountMappingDependencies {
  readonly mappings: AccountMappingRepository;
  readonly mirror: RecordMirror;
  readonly clock: Clock;
  readonly audit: AuditTrail;
}

/** The accounts that actually apply at one property, and the purposes nothing is mapped for. */
export interface EffectivePropertyMapping {
  readonly propertyId: string;
  readonly propertyName: string | null;
  readonly accounts: Partial<Record<AccountPurpose, string>>;
  readonly expenseAccounts: Record<string, string>;
  /** Purposes with no account even after fallbacks: syncing a record that needs one fails with QB006. */
  readonly unmapped: readonly AccountPurpose[];
  readonly hasOverride: boolean;
}

export interface AccountMappingView {
  readonly mapping: AccountMapping;
  readonly defaultsRevision: MappingRevision | null;
  readonly overrideRevisions: Readonly<Record<string, MappingRevision>>;
  readonly effective: readonly EffectivePropertyMapping[];
}

const PAGE = 500;

/** Every live property of the organization in the mirror, by id, with its name. */
async function mirroredProperties(mirror: RecordMirror, orgId: string): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  let afterId: string | undefined;
  for (;;) {
    const page = await mirror.list(orgId, "property", { afterId, limit: PAGE });
    for (const p of page) out.set(p.recordId, typeof p.data.name === "string" ? p.data.name : null);
    if (page.length < PAGE) return out;
    afterId = page[page.length - 1].recordId;
  }
}

/**
 * Resolves the mapping at one property: override, then default, then the documented fallback
 * (e.g. pet fees post to other income), exactly as the sync will.
 */
export function effectiveMapping(
  mapping: AccountMapping,
  propertyId: string,
  propertyName: string | null,
): EffectivePropertyMapping {
  const accounts: Partial<Record<AccountPurpose, string>> = {};
  const unmapped: AccountPurpose[] = [];
  for (const purpose of AccountPurposeSchema.options) {
    const account = findAccount(mapping, propertyId, purpose);
    if (account === undefined) unmapped.push(purpose);
    else accounts[purpose] = account;
  }
  const override = mapping.property_overrides[propertyId];
  return {
    propertyId,
    propertyName,
    accounts,
    expenseAccounts: { ...mapping.defaults.expense_accounts, ...(override?.expense_accounts ?? {}) },
    unmapped,
    hasOverride: override !== undefined,
  };
}

/**
 * The organization's mapping and its effect at every known property (mirrored properties and
 * properties with an override). A property-scoped caller sees only its properties' overrides.
 */
export async function getAccountMappings(
  deps: AccountMappingDependencies,
  caller: Caller,
  options: { propertyId?: string } = {},
): Promise<AccountMappingView> {
  requireRole(caller, "mappings:read");
  if (options.propertyId !== undefined) requireAuthorized(caller, "mappings:read", { propertyIds: [options.propertyId] });
  const stored = await deps.mappings.get(caller.orgId);
  const names = await mirroredProperties(deps.mirror, caller.orgId);
  for (const id of Object.keys(stored.mapping.property_overrides)) if (!names.has(id)) names.set(id, null);
  const visible = (id: string) =>
    (options.propertyId === undefined || id === options.propertyId) &&
    (caller.propertyIds === undefined || caller.propertyIds.includes(id));
  const overrides = Object.fromEntries(
    Object.entries(stored.mapping.property_overrides).filter(([id]) => visible(id)),
  );
  const ids = [...names.keys()].filter(visible).sort();
  if (options.propertyId !== undefined && ids.length === 0) ids.push(options.propertyId);
  return {
    mapping: { ...stored.mapping, property_overrides: overrides },
    defaultsRevision: stored.defaultsRevision,
    overrideRevisions: Object.fromEntries(
      Object.entries(stored.overrideRevisions).filter(([id]) => visible(id)),
    ),
    effective: ids.map((id) => effectiveMapping(stored.mapping, id, names.get(id) ?? null)),
  };
}

/** Replaces the organization defaults (callers with every property only). */
export async function putDefaultMapping(
  deps: AccountMappingDependencies,
  caller: Caller,
  defaults: AccountAssignments,
  requestId: string | null,
): Promise<AccountMappingView> {
  requireAuthorized(caller, "mappings:write");
  const now = deps.clock.now().toISOString();
  const revision = await deps.mappings.putDefaults(caller.orgId, defaults, now);
  await deps.audit({
    orgId: caller.orgId,
    at: now,
    actor: `user:${caller.userId}`,
    action: "mapping.defaults_updated",
    target: "mapping:defaults",
    details: {
      version: revision.version,
      accounts: defaults.accounts,
      expense_accounts: defaults.expense_accounts,
    },
    requestId,
  });
  return getAccountMappings(deps, caller);
}

/** Replaces one property's overrides (the mission's `create_property_mapping`). */
export async function putPropertyMapping(
  deps: AccountMappingDependencies,
  caller: Caller,
  propertyId: string,
  override: PropertyAccountOverride,
  requestId: string | null,
): Promise<AccountMappingView> {
  requireAuthorized(caller, "mappings:write", { propertyIds: [propertyId] });
  const now = deps.clock.now().toISOString();
  const revision = await deps.mappings.putPropertyOverride(caller.orgId, propertyId, override, now);
  await deps.audit({
    orgId: caller.orgId,
    at: now,
    actor: `user:${caller.userId}`,
    action: "mapping.property_updated",
    target: `property:${propertyId}`,
    details: { version: revision.version, ...override },
    requestId,
  });
  return getAccountMappings(deps, caller, { propertyId });
}

/** Removes one property's overrides; NOT_FOUND when it had none. */
export async function deletePropertyMapping(
  deps: AccountMappingDependencies,
  caller: Caller,
  propertyId: string,
  requestId: string | null,
): Promise<void> {
  requireAuthorized(caller, "mappings:write", { propertyIds: [propertyId] });
  if (!await deps.mappings.deletePropertyOverride(caller.orgId, propertyId)) {
    throw new DomainError("NOT_FOUND", `Property ${propertyId} has no account mapping override`, {
      property_id: propertyId,
    });
  }
  await deps.audit({
    orgId: caller.orgId,
    at: deps.clock.now().toISOString(),
    actor: `user:${caller.userId}`,
    action: "mapping.property_deleted",
    target: `property:${propertyId}`,
    details: {},
    requestId,
  });
}
