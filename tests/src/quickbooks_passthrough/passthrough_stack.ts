/**
 * The pass-through use cases' real dependencies: the QBO adapter against an emulated company on
 * loopback, a stored connection to it, a fixed clock, and an audit trail that keeps what it is given.
 */
import { SqlOrganizationRepository } from "../../../adapters/persistence/repositories/organization_repository.ts";
import type { Caller } from "../../../domain/access/caller.ts";
import type { NewAuditRecord } from "../../../domain/ports/audit_log.ts";
import type { PassThroughDependencies } from "../../../src/quickbooks_passthrough/passthrough_company.ts";
import { type QboHarness, startQboHarness } from "../../support/qbo_harness.ts";

export const ORG = "org-1";
export const ADMIN: Caller = { orgId: ORG, userId: "u-admin", role: "admin" };
export const NOW = new Date("2026-06-01T12:00:00.000Z");

export interface PassThroughStack {
  readonly h: QboHarness;
  readonly deps: PassThroughDependencies;
  readonly audited: NewAuditRecord[];
  close(): Promise<void>;
}

export async function startPassThroughStack(): Promise<PassThroughStack> {
  const h = await startQboHarness({ orgId: ORG });
  const now = NOW.toISOString();
  await new SqlOrganizationRepository(h.database.db).create({
    id: ORG,
    name: "Pass-through LLC",
    createdAt: now,
  });
  await h.connections.save({
    id: "conn-1",
    orgId: ORG,
    realmId: h.realmId,
    companyName: "Pass-through LLC",
    status: "connected",
    encryptedTokens: null,
    accessTokenExpiresAt: null,
    refreshTokenExpiresAt: null,
    refreshTokenHardExpiresAt: null,
    classTrackingEnabled: false,
    locationTrackingEnabled: false,
    isDefault: true,
    lastErrorCode: null,
    lastErrorMessage: null,
    lastErrorAt: null,
    connectedAt: now,
  }, now);
  const audited: NewAuditRecord[] = [];
  const deps: PassThroughDependencies = {
    gateway: h.gateway,
    connections: h.connections,
    clock: { now: () => NOW },
    audit: (record) => {
      audited.push(record);
      return Promise.resolve();
    },
  };
  return { h, deps, audited, close: () => h.close() };
}
