import { DomainError } from "../../errors.ts";
import { keyedRequestId } from "../../sync/request_id.ts";
import { fingerprint } from "../../sync/fingerprint.ts";
import type { QboApiEntity, QboDeletableEntity, QboVoidableEntity } from "./qbo_entity_catalog.ts";

/** A QBO object as a caller sends it: QBO's own field names. */
export type QboBody = Readonly<Record<string, unknown>>;

/** One write a caller asks QBO for, by operation. */
export type QboWriteRequest =
  | { readonly operation: "create"; readonly entity: QboApiEntity; readonly body: QboBody }
  | {
    readonly operation: "update";
    readonly entity: QboApiEntity;
    readonly id: string;
    readonly body: QboBody;
  }
  | {
    readonly operation: "delete";
    readonly entity: QboDeletableEntity;
    readonly id: string;
    readonly syncToken: string;
  }
  | {
    readonly operation: "void";
    readonly entity: QboVoidableEntity;
    readonly id: string;
    readonly syncToken: string;
  };

const SYNC_TOKEN = /^\d{1,20}$/;

/**
 * The body QBO takes for `write`: a create as given (it carries no Id or SyncToken: QBO would read
 * it as an update); an update always sparse (only the fields sent change, the others are never
 * nulled), its Id the path's, its SyncToken the version it is based on; a delete or a void Id and
 * SyncToken. VALIDATION_FAILED with `issues[].path` otherwise.
 *
 * @example
 * ```ts
 * qboWritePayload({ operation: "update", entity: "Customer", id: "58", body: { SyncToken: "2", Notes: "VIP" } });
 * // { Notes: "VIP", Id: "58", SyncToken: "2", sparse: true }
 * ```
 */
export function qboWritePayload(write: QboWriteRequest): QboBody {
  switch (write.operation) {
    case "create":
      for (const field of ["Id", "SyncToken"]) {
        if (field in write.body) {
          throw invalid(
            `json.${field}`,
            `a create carries no ${field}; update with POST /qbo/${write.entity}/{id}`,
          );
        }
      }
      return write.body;
    case "update": {
      const { Id, SyncToken, sparse } = write.body;
      if (Id !== undefined && String(Id) !== write.id) {
        throw invalid("json.Id", `must be the id of the path (${write.id}) when given`);
      }
      if (sparse !== undefined && sparse !== true) {
        throw invalid("json.sparse", "updates are sparse: only the fields sent change");
      }
      const token = typeof SyncToken === "number" && Number.isInteger(SyncToken)
        ? String(SyncToken)
        : SyncToken;
      if (typeof token !== "string" || !SYNC_TOKEN.test(token)) {
        throw invalid("json.SyncToken", "the SyncToken of the version the update is based on is required");
      }
      return { ...write.body, Id: write.id, SyncToken: token, sparse: true };
    }
    case "delete":
    case "void":
      return { Id: write.id, SyncToken: write.syncToken };
  }
}

/** Who asks, and the request id the caller gave (or was given) for this call. */
export interface QboWriteScope {
  readonly orgId: string;
  readonly realmId: string;
  /** The API request's id (`X-Request-Id`): the same id on a retry makes the same write. */
  readonly requestId: string;
}

/**
 * QBO's `requestid` for a pass-through write: derived from the caller's request id together with
 * the company, the operation, the entity, the id and the payload, so a client that retries with the
 * same `X-Request-Id` and the same body is answered by QBO with the first result instead of a
 * second write, while another body (a retry with a fresh SyncToken) is a new request. 34 characters.
 *
 * @example
 * ```ts
 * const scope = { orgId: "org-1", realmId: "9341452000000001", requestId: "req-7" };
 * qboWriteRequestId(scope, { operation: "create", entity: "Customer", body: { DisplayName: "Ann" } }).length; // 34
 * ```
 */
export function qboWriteRequestId(scope: QboWriteScope, write: QboWriteRequest): string {
  const parts = [
    "qbo-pass-through",
    scope.orgId,
    scope.realmId,
    scope.requestId,
    write.operation,
    write.entity,
    write.operation === "create" ? "" : write.id,
    fingerprint(qboWritePayload(write)),
  ];
  return keyedRequestId(parts.map((p) => `${p.length}:${p}`).join("|"));
}

function invalid(path: string, message: string): DomainError {
  return new DomainError("VALIDATION_FAILED", `Invalid request: ${path}: ${message}`, {
    issues: [{ path, message, code: "invalid_write" }],
  });
}
