import { DomainError } from "../../domain/errors.ts";
import { isEntityId } from "../../domain/model/estatecore/entity_id.ts";
import {
  type AccountAssignments,
  type AccountMapping,
  type AccountPurpose,
  AccountPurposeSchema,
  type PropertyAccountOverride,
} from "../../domain/mapping/account_mapping.ts";
import { findAccount } from "../../domain/mapping/account_resolution.ts";
import {
  type MappingProblem,
  type MappingValidation,
  uncheckedValidation,
} from "../../domain/mapping/mapping_validation.ts";
import type {
  AccountMappingRepository,
  MappingRevision,
} from "../../domain/ports/account_mapping_repository.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { RecordMirror } from "../../domain/ports/record_mirror.ts";
import type { Atomically } from "../../domain/ports/unit_of_work.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";
import { resolveConnection } from "../connections/resolve_connection.ts";
import { type Caller, requireAuthorized, requireRole } from "../../domain/access/authorize.ts";
import {
  mappingAccountInvalid,
  mappingCompany,
  mappingProblemsIn,
  type MappingValidationDependencies,
  recordedMappingValidation,
  recordMappingValidation,
} from "./mapping_validation.ts";
import { actorOf } from "../../domain/access/caller.ts";

export interface AccountMappingDependencies {
  readonly mappings: AccountMappingRepository;
  readonly mirror: RecordMirror;
  readonly clock: Clock;
  readonly audit: AuditTrail;
  /** Each change and its audit entry commit together. */
  readonly atomically: Atomically;
  /**
   * Checks mappings against the connected QuickBooks company. Without it (some tests), mappings
   * are stored unchecked and shown `unchecked`.
   */
  readonly validation?: MappingValidationDependencies;
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
  /** Whether the mapping fits the company (the default one, or the realm asked for). */
  readonly validation: MappingValidation;
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
 * Read with `mappings:read`; a write answers what it wrote with the permission it was allowed
 * (`mappings:write`), so a caller holding only that one (an API key's scope) is not refused after
 * its write happened.
 */
export async function getAccountMappings(
  deps: AccountMappingDependencies,
  caller: Caller,
  options: { propertyId?: string; realmId?: string } = {},
  permission: "mappings:read" | "mappings:write" = "mappings:read",
): Promise<AccountMappingView> {
  requireRole(caller, permission);
  if (options.propertyId !== undefined) {
    requireAuthorized(caller, permission, { propertyIds: [options.propertyId] });
  }
  const connections = deps.validation?.connections;
  const realmId = connections === undefined
    ? options.realmId ?? null
    : options.realmId !== undefined
    ? (await resolveConnection(connections, caller.orgId, options.realmId)).realmId
    : (await connections.getDefault(caller.orgId))?.realmId ?? null;
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
  const validation = deps.validation
    ? await recordedMappingValidation(deps.validation, caller.orgId, realmId, stored.mapping)
    : uncheckedValidation(realmId);
  return {
    mapping: { ...stored.mapping, property_overrides: overrides },
    defaultsRevision: stored.defaultsRevision,
    overrideRevisions: Object.fromEntries(
      Object.entries(stored.overrideRevisions).filter(([id]) => visible(id)),
    ),
    effective: ids.map((id) => effectiveMapping(stored.mapping, id, names.get(id) ?? null)),
    validation: visibleValidation(validation, (id) => id === null || visible(id)),
  };
}

/** The validation as a caller may see it: problems of the defaults and of the properties it sees. */
function visibleValidation(
  validation: MappingValidation,
  visible: (propertyId: string | null) => boolean,
): MappingValidation {
  if (validation.state === "unchecked") return validation;
  const problems = validation.problems.filter((p) => visible(p.property_id));
  return { ...validation, state: problems.length === 0 ? "valid" : "invalid", problems };
}

/**
 * Checks a mapping write against the connected company before it is stored: refuses it
 * (MAPPING_ACCOUNT_INVALID) when an account it writes does not fit, and answers the company and
 * the problems of the whole mapping as it will be, to record once written.
 */
async function checkBeforeWrite(
  deps: AccountMappingDependencies,
  orgId: string,
  next: (current: AccountMapping) => AccountMapping,
  written: (problem: MappingProblem) => boolean,
): Promise<
  { target: { orgId: string; realmId: string }; mapping: AccountMapping; problems: MappingProblem[] } | null
> {
  if (!deps.validation) return null;
  const target = await mappingCompany(deps.validation, orgId);
  if (target === null) return null;
  const mapping = next((await deps.mappings.get(orgId)).mapping);
  const problems = await mappingProblemsIn(deps.validation, target, mapping);
  const refused = problems.filter(written);
  if (refused.length > 0) throw mappingAccountInvalid(target.realmId, refused);
  return { target, mapping, problems };
}

/** Replaces the organization defaults (callers with every property only). */
export async function putDefaultMapping(
  deps: AccountMappingDependencies,
  caller: Caller,
  defaults: AccountAssignments,
  requestId: string | null,
): Promise<AccountMappingView> {
  requireAuthorized(caller, "mappings:write");
  const checked = await checkBeforeWrite(
    deps,
    caller.orgId,
    (current) => ({ ...current, defaults }),
    (problem) => problem.property_id === null,
  );
  const now = deps.clock.now().toISOString();
  await deps.atomically(async () => {
    const revision = await deps.mappings.putDefaults(caller.orgId, defaults, now);
    if (checked) {
      await recordMappingValidation(deps.validation!, checked.target, checked.mapping, checked.problems);
    }
    await deps.audit({
      orgId: caller.orgId,
      at: now,
      actor: actorOf(caller),
      action: "mapping.defaults_updated",
      target: "mapping:defaults",
      details: {
        version: revision.version,
        accounts: defaults.accounts,
        expense_accounts: defaults.expense_accounts,
        validated_against_realm: checked?.target.realmId ?? null,
      },
      requestId,
    });
  });
  return getAccountMappings(deps, caller, {}, "mappings:write");
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
  if (!isEntityId(propertyId)) {
    // Stored, an id outside the grammar would make the whole mapping unreadable for every later call.
    throw new DomainError("VALIDATION_FAILED", "property_id is not an EstateCore record id", {
      issues: [{ path: "param.property_id", message: "must follow the record id grammar" }],
    });
  }
  const checked = await checkBeforeWrite(
    deps,
    caller.orgId,
    (current) => ({
      ...current,
      property_overrides: { ...current.property_overrides, [propertyId]: override },
    }),
    (problem) => problem.property_id === propertyId,
  );
  const now = deps.clock.now().toISOString();
  await deps.atomically(async () => {
    const revision = await deps.mappings.putPropertyOverride(caller.orgId, propertyId, override, now);
    if (checked) {
      await recordMappingValidation(deps.validation!, checked.target, checked.mapping, checked.problems);
    }
    await deps.audit({
      orgId: caller.orgId,
      at: now,
      actor: actorOf(caller),
      action: "mapping.property_updated",
      target: `property:${propertyId}`,
      details: {
        version: revision.version,
        ...override,
        validated_against_realm: checked?.target.realmId ?? null,
      },
      requestId,
    });
  });
  return getAccountMappings(deps, caller, { propertyId }, "mappings:write");
}

/** Removes one property's overrides; NOT_FOUND when it had none. */
export async function deletePropertyMapping(
  deps: AccountMappingDependencies,
  caller: Caller,
  propertyId: string,
  requestId: string | null,
): Promise<void> {
  requireAuthorized(caller, "mappings:write", { propertyIds: [propertyId] });
  await deps.atomically(async () => {
    if (!await deps.mappings.deletePropertyOverride(caller.orgId, propertyId)) {
      throw new DomainError("NOT_FOUND", `Property ${propertyId} has no account mapping override`, {
        property_id: propertyId,
      });
    }
    await deps.audit({
      orgId: caller.orgId,
      at: deps.clock.now().toISOString(),
      actor: actorOf(caller),
      action: "mapping.property_deleted",
      target: `property:${propertyId}`,
      details: {},
      requestId,
    });
  });
  // Outside the unit: the recheck may ask QuickBooks, and the removal stands whatever it finds.
  await recheckAfterDelete(deps, caller.orgId);
}

/**
 * Records the mapping's fit once an override is gone (its problems went with it). The removal
 * already happened, so a QuickBooks failure here only leaves the mapping `unchecked`.
 */
async function recheckAfterDelete(deps: AccountMappingDependencies, orgId: string): Promise<void> {
  if (!deps.validation) return;
  const target = await mappingCompany(deps.validation, orgId);
  if (target === null) return;
  const { mapping } = await deps.mappings.get(orgId);
  try {
    const problems = await mappingProblemsIn(deps.validation, target, mapping);
    await recordMappingValidation(deps.validation, target, mapping, problems);
  } catch (error) {
    deps.validation.logger.warn("account mapping could not be checked after an override was removed", {
      org_id: orgId,
      realm_id: target.realmId,
      error_code: (error as { code?: unknown }).code ?? "UNKNOWN",
    });
  }
}
