/**
 * The audit trail's reading and proving side: the checkpoint signer over the configured key ring,
 * the checkpoint store, the `/audit-trail` routes and the periodic checkpoint task.
 */
import { Ed25519AuditSigner } from "../../adapters/crypto/ed25519_audit_signer.ts";
import { parseKeyRing } from "../../adapters/crypto/key_ring.ts";
import { sha256Hasher } from "../../adapters/crypto/sha256_hasher.ts";
import type { ApiApp } from "../../adapters/http/api_types.ts";
import { registerAuditTrailRoutes } from "../../adapters/http/routes/audit_trail.ts";
import type { Database } from "../../adapters/persistence/database.ts";
import { SqlAuditCheckpointStore } from "../../adapters/persistence/repositories/audit_checkpoint_repository.ts";
import type { SqlOrganizationRepository } from "../../adapters/persistence/repositories/organization_repository.ts";
import type { Atomically } from "../../domain/ports/unit_of_work.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";
import type { AuditLog } from "../../domain/ports/audit_log.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { Logger } from "../../domain/ports/logger.ts";
import { checkpointMovedTrails, checkpointNow } from "../audit/audit_checkpoints.ts";
import { pruneAuditTrails } from "../audit/audit_retention.ts";
import { exportAuditTrail, queryAuditTrail } from "../audit/audit_trail_use_cases.ts";
import { verifyAuditTrail } from "../audit/verify_audit.ts";
import { requireAuthorized } from "../../domain/access/authorize.ts";
import type { Config } from "../config.ts";

export interface AuditWiring {
  readonly routeModules: ReadonlyArray<(api: ApiApp) => void>;
  /** Signs a `periodic` checkpoint of every organization whose trail moved since its last one. */
  checkpointMovedTrails(): Promise<number>;
  /** Prunes records older than AUDIT_RETENTION_DAYS behind a signed anchor (0 when no retention is set). */
  pruneOldRecords(): Promise<number>;
}

/** The ring from AUDIT_SIGNING_KEYS; outside production without it, a key made for this process only. */
function signingRingSpec(config: Config, logger: Logger): string {
  if (config.auditSigningKeys.length > 0) {
    return config.auditSigningKeys.map((k) => `${k.kid}:${k.key}`).join(",");
  }
  logger.warn(
    "AUDIT_SIGNING_KEYS is not set: audit checkpoints are signed with a key of this process only",
    {},
  );
  const seed = crypto.getRandomValues(new Uint8Array(32));
  return `process:${btoa(String.fromCharCode(...seed))}`;
}

/** The checkpoint signer over the configured ring (a process-only key outside production without one). */
export function auditSignerFor(config: Config, logger: Logger): Ed25519AuditSigner {
  return new Ed25519AuditSigner(parseKeyRing(signingRingSpec(config, logger)));
}

export function wireAudit(deps: {
  readonly config: Config;
  readonly database: Database;
  readonly auditLog: AuditLog;
  readonly audit: AuditTrail;
  readonly atomically: Atomically;
  readonly organizations: Pick<SqlOrganizationRepository, "list">;
  readonly clock: Clock;
  readonly logger: Logger;
}): AuditWiring {
  const signer = auditSignerFor(deps.config, deps.logger);
  const checkpoints = new SqlAuditCheckpointStore(deps.database.db);
  const checkpointDeps = { log: deps.auditLog, signer, checkpoints, clock: deps.clock };
  const verifyDeps = { log: deps.auditLog, hasher: sha256Hasher, signer, checkpoints };
  const routeModules = [(api: ApiApp) =>
    registerAuditTrailRoutes(api, {
      queryAuditTrail: (caller, filter, page) => queryAuditTrail(deps.auditLog, caller, filter, page),
      verifyAuditTrail: (caller, request) => verifyAuditTrail(verifyDeps, caller, request),
      checkpointNow: (caller) => checkpointNow(checkpointDeps, caller),
      listCheckpoints: (caller, options) => {
        requireAuthorized(caller, "audit:read");
        return checkpoints.list(caller.orgId, options);
      },
      auditSigningKeys: () => signer.publicKeys(),
      exportAuditTrail: (caller, filter, format, requestId) =>
        exportAuditTrail({ ...checkpointDeps, audit: deps.audit }, caller, filter, format, requestId),
    }, () => deps.clock.now())];
  return {
    routeModules,
    checkpointMovedTrails: () => checkpointMovedTrails(checkpointDeps, deps.organizations),
    pruneOldRecords: () =>
      deps.config.auditRetentionDays === null ? Promise.resolve(0) : pruneAuditTrails(
        { ...checkpointDeps, audit: deps.audit, atomically: deps.atomically },
        deps.organizations,
        deps.config.auditRetentionDays,
      ),
  };
}
