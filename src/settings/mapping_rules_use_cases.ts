import type { Atomically } from "../../domain/ports/unit_of_work.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";
import { type Caller, requireAuthorized, requireRole } from "../../domain/access/authorize.ts";
import { DomainError } from "../../domain/errors.ts";
import { parseTransformationRules } from "../../domain/mapping/transformation_rules.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { ConnectionRepository } from "../../domain/ports/connection_repository.ts";
import {
  defaultMappingRules,
  type MappingRulesRepository,
} from "../../domain/ports/mapping_rules_repository.ts";
import {
  changedFields,
  type MappingRulesPreview,
  type MappingRulesPreviewInput,
  type MappingRulesView,
  previewObject,
} from "../../domain/mapping/rules_preview.ts";
import type { DesiredRecord } from "../../domain/sync/sync_record.ts";
import type { DesiredRecordDependencies } from "../../domain/ports/desired_record_sources.ts";
import { type DesiredSnapshot, loadDesiredSnapshot, notMappedOf } from "../sync/desired_snapshot.ts";
import { actorOf } from "../../domain/access/caller.ts";

export interface MappingRulesDependencies extends DesiredRecordDependencies {
  readonly mappingRules: MappingRulesRepository;
  readonly connections: Pick<ConnectionRepository, "get" | "getDefault">;
  readonly clock: Clock;
  readonly audit: AuditTrail;
  /** Each change and its audit entry commit together. */
  readonly atomically: Atomically;
}

/** The organization's mapping rules (the defaults while it has saved none). */
export async function getMappingRules(
  deps: MappingRulesDependencies,
  caller: Caller,
): Promise<MappingRulesView> {
  requireRole(caller, "settings:read");
  const stored = await deps.mappingRules.get(caller.orgId);
  return stored ?? { rules: defaultMappingRules(), version: 0, updatedAt: null };
}

/**
 * Replaces the organization's mapping rules (the whole set: a rule left out goes back to its
 * default). Validated by the domain's rules (placeholders, QBO's three custom fields with names of
 * at most 31 characters, transforms; unknown fields refused) and audited with what changed. The
 * next push rewrites exactly the records whose rendered payload changed: their fingerprints differ.
 */
export async function putMappingRules(
  deps: MappingRulesDependencies,
  caller: Caller,
  input: unknown,
  requestId: string | null,
): Promise<MappingRulesView> {
  requireAuthorized(caller, "settings:write");
  const rules = parseTransformationRules(input);
  const before = (await deps.mappingRules.get(caller.orgId))?.rules ?? defaultMappingRules();
  const now = deps.clock.now().toISOString();
  return await deps.atomically(async () => {
    const saved = await deps.mappingRules.save(caller.orgId, rules, now);
    await deps.audit({
      orgId: caller.orgId,
      at: now,
      actor: actorOf(caller),
      action: "settings.mapping_rules_updated",
      target: "settings:mapping_rules",
      details: { version: saved.version, changed: changedFields(before, rules) },
      requestId,
    });
    return saved;
  });
}

/** The desired objects that stand for the record. */
function objectsOf(snapshot: DesiredSnapshot, recordType: string, recordId: string): DesiredRecord[] {
  return snapshot.desired.filter((d) =>
    snapshot.owners.ownersOf(d.entityType, d.recordId).some((o) =>
      o.recordType === recordType && o.recordId === recordId
    )
  );
}

/**
 * Renders the rules (those sent, else the stored ones) against one stored record and shows what
 * the next push would send to QuickBooks for it, without writing anything. Needs `settings:read`
 * and the record's property in the caller's scope.
 */
export async function previewMappingRules(
  deps: MappingRulesDependencies,
  caller: Caller,
  input: MappingRulesPreviewInput,
): Promise<MappingRulesPreview> {
  requireRole(caller, "settings:read");
  const record = await deps.mirror.get(caller.orgId, input.recordType, input.recordId);
  if (!record) {
    throw new DomainError("NOT_FOUND", `No ${input.recordType} ${input.recordId} in the mirror`, {
      record_type: input.recordType,
      record_id: input.recordId,
    });
  }
  if (record.propertyId !== null) {
    requireAuthorized(caller, "settings:read", { propertyIds: [record.propertyId] });
  }
  const connection = input.realmId === undefined
    ? await deps.connections.getDefault(caller.orgId)
    : await deps.connections.get(caller.orgId, input.realmId);
  if (input.realmId !== undefined && connection === null) {
    throw new DomainError("NOT_FOUND", `No QuickBooks company ${input.realmId} is connected`, {
      realm_id: input.realmId,
    });
  }
  const realmId = connection?.realmId ?? null;
  // Without a company there are no links: every object previews as a create.
  const target = { orgId: caller.orgId, realmId: realmId ?? "" };
  const current = await loadDesiredSnapshot(deps, target);
  const tried = input.rules === undefined
    ? current
    : await loadDesiredSnapshot(deps, target, { rules: parseTransformationRules(input.rules) });
  const objects = objectsOf(tried, input.recordType, input.recordId).map((d) =>
    previewObject(
      d,
      tried.links.find((l) => l.entityType === d.entityType && l.recordId === d.recordId),
      current.desiredOf(d.entityType, d.recordId)?.payload ?? {},
    )
  );
  return {
    recordType: input.recordType,
    recordId: input.recordId,
    realmId,
    rules: tried.rules,
    objects,
    notMapped: objects.length > 0 ? [] : notMappedOf(tried, record),
  };
}
