/**
 * Readiness of this process for `GET /health/ready`: whether it can serve requests, and what it knows of
 * the QuickBooks circuits of the companies it talks to.
 */
import type { ConnectionRepository } from "../../domain/ports/connection_repository.ts";
import type { Logger } from "../../domain/ports/logger.ts";
import type { QuickBooksGateway } from "../../domain/ports/quickbooks_gateway.ts";

/** One dependency's state: `detail` says what is wrong when it is not ok. */
export interface DependencyCheck {
  readonly ok: boolean;
  readonly detail?: string;
}

export interface Readiness {
  /** The database answers: every request needs it. */
  readonly ready: boolean;
  readonly database: DependencyCheck;
  /** Not ok while a connected company's circuit is open (or isolated); never makes the service unready. */
  readonly quickbooksCircuits: DependencyCheck;
}

export interface ReadinessDependencies {
  /** Any cheap read of the database: it fails when the database is unreachable. */
  readonly probeDatabase: () => Promise<unknown>;
  readonly connections: Pick<ConnectionRepository, "listByStatus">;
  /** This process's circuit breakers per company. */
  readonly gateway: Pick<QuickBooksGateway, "circuitStatus">;
  readonly logger: Logger;
}

/**
 * Ready when the database answers (an unreachable one is logged and reported, not thrown). The
 * circuits are read only then, from the connected companies: QuickBooks being down shows in
 * `quickbooksCircuits` but never makes the service itself unready.
 */
export async function checkReadiness(deps: ReadinessDependencies): Promise<Readiness> {
  try {
    await deps.probeDatabase();
  } catch (error) {
    deps.logger.error("readiness check failed", { error });
    return {
      ready: false,
      database: { ok: false, detail: "database unreachable" },
      quickbooksCircuits: { ok: false, detail: "unknown: database unreachable" },
    };
  }
  const open = (await deps.connections.listByStatus("connected"))
    .map((connection) => connection.realmId)
    .filter((realmId) => ["open", "isolated"].includes(deps.gateway.circuitStatus(realmId)));
  return {
    ready: true,
    database: { ok: true },
    quickbooksCircuits: open.length === 0
      ? { ok: true }
      : { ok: false, detail: `QuickBooks circuit open for realm ${open.join(", ")}` },
  };
}
