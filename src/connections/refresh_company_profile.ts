import { DomainError } from "../../domain/errors.ts";
import type { Atomically } from "../../domain/ports/unit_of_work.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { ConnectionRepository, QuickBooksConnection } from "../../domain/ports/connection_repository.ts";
import type { Caller } from "../../domain/access/caller.ts";
import { requireConnectedCompany } from "./resolve_connection.ts";
import type {
  CompanyProfile,
  QuickBooksGateway,
  QuickBooksTarget,
} from "../../domain/ports/quickbooks_gateway.ts";
import { actorOf } from "../../domain/access/caller.ts";

export interface RefreshCompanyProfileDependencies {
  readonly gateway: Pick<QuickBooksGateway, "readCompanyProfile">;
  readonly connections: Pick<ConnectionRepository, "get" | "updateCompanyProfile">;
  readonly clock: Clock;
  readonly audit: AuditTrail;
  /** Each change and its audit entry commit together. */
  readonly atomically: Atomically;
}

/** The company as just read, and which of the facts the connection keeps changed. */
export interface RefreshedCompanyProfile {
  readonly connection: QuickBooksConnection;
  readonly profile: CompanyProfile;
  /** `company_name`, `class_tracking`, `location_tracking`: what differed from the stored connection. */
  readonly changed: readonly string[];
}

/**
 * Re-reads the company's CompanyInfo and Preferences and keeps its name and Class / Location
 * tracking switches on the connection: at connect, before every sync (a company can turn tracking
 * off at any time) and on demand. A change is audited with the actor (the user, or the worker on
 * the sync's behalf); an unchanged company writes nothing.
 */
export async function refreshCompanyProfile(
  deps: RefreshCompanyProfileDependencies,
  target: QuickBooksTarget,
  by: { readonly actor: string; readonly requestId: string | null },
): Promise<RefreshedCompanyProfile> {
  const before = await deps.connections.get(target.orgId, target.realmId);
  if (!before) {
    throw new DomainError("NOT_FOUND", "No QuickBooks company with this realm is connected", {
      realm_id: target.realmId,
    });
  }
  const profile = await deps.gateway.readCompanyProfile(target);
  const next = {
    companyName: profile.companyName,
    classTrackingEnabled: profile.classTracking !== "off",
    locationTrackingEnabled: profile.locationTracking,
  };
  const changed = [
    ...(before.companyName === next.companyName ? [] : ["company_name"]),
    ...(before.classTrackingEnabled === next.classTrackingEnabled ? [] : ["class_tracking"]),
    ...(before.locationTrackingEnabled === next.locationTrackingEnabled ? [] : ["location_tracking"]),
  ];
  if (changed.length === 0) return { connection: before, profile, changed };
  const now = deps.clock.now().toISOString();
  await deps.atomically(async () => {
    if (!await deps.connections.updateCompanyProfile(target.orgId, target.realmId, next, now)) {
      throw new DomainError("NOT_FOUND", "The connection disappeared while its company was read", {
        realm_id: target.realmId,
      });
    }
    await deps.audit({
      orgId: target.orgId,
      at: now,
      actor: by.actor,
      action: "connection.company_profile_changed",
      target: `realm:${target.realmId}`,
      details: {
        changed,
        company_name: profile.companyName,
        class_tracking: profile.classTracking,
        location_tracking: profile.locationTracking,
        location_terminology: profile.locationTerminology,
      },
      requestId: by.requestId,
    });
  });
  return { connection: { ...before, ...next, updatedAt: now }, profile, changed };
}

/**
 * `POST /connections/refresh`: the caller's named company (or the default one), connected, re-read
 * now on the caller's behalf. NOT_FOUND for a company the organization has not connected, QB002
 * while it needs re-authorization.
 */
export async function refreshCompanyOnDemand(
  deps: RefreshCompanyProfileDependencies & { readonly connections: ConnectionRepository },
  caller: Caller,
  realmId: string | undefined,
  requestId: string | null,
): Promise<RefreshedCompanyProfile> {
  const connection = await requireConnectedCompany(deps.connections, caller.orgId, realmId);
  return await refreshCompanyProfile(deps, { orgId: caller.orgId, realmId: connection.realmId }, {
    actor: actorOf(caller),
    requestId,
  });
}
