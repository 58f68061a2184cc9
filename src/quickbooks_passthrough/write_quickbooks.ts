import { actorOf, type Caller } from "../../domain/access/caller.ts";
import { isDomainError } from "../../domain/errors.ts";
import {
  qboWritePayload,
  type QboWriteRequest,
  qboWriteRequestId,
} from "../../domain/model/quickbooks/qbo_write_request.ts";
import type { QuickBooksObject, QuickBooksTarget } from "../../domain/ports/quickbooks_gateway.ts";
import {
  passThroughCompany,
  type PassThroughDependencies,
  requirePassThrough,
} from "./passthrough_company.ts";

/** A write as QBO answered it. */
export interface QuickBooksWriteResult {
  readonly realmId: string;
  readonly object: QuickBooksObject;
  /** Intuit's transaction id of the call (what Intuit support asks for). */
  readonly intuitTid: string | null;
  /** The `requestid` the call carried (derived from the API request's id). */
  readonly quickbooksRequestId: string;
}

/**
 * `POST /qbo/{entity}` (create), `POST /qbo/{entity}/{id}` (sparse update), `DELETE
 * /qbo/{entity}/{id}`, `POST /qbo/{entity}/{id}/void`: one write through the entity's endpoint, the
 * connection's tokens and the realm's rate budget, retry and breaker, with a `requestid` derived from
 * the API request's id (`qboWriteRequestId`: a client's retry with the same `X-Request-Id` and body
 * is answered by QBO without writing twice). Every write that is sent is audited as
 * `qbo.<operation>` with the entity, the id, Intuit's `intuit_tid` and the outcome: `succeeded`, or
 * `failed` with our code and QBO's fault code; QBO's fault comes back as our code (QB004, QB005 for a
 * stale SyncToken) with the fault in its details.
 */
export async function writeQuickBooks(
  deps: PassThroughDependencies,
  caller: Caller,
  request: QboWriteRequest & { readonly realmId?: string },
  requestId: string,
): Promise<QuickBooksWriteResult> {
  requirePassThrough(caller, "qbo:write");
  const payload = qboWritePayload(request);
  const target = await passThroughCompany(deps, caller, request.realmId);
  const quickbooksRequestId = qboWriteRequestId({ ...target, requestId }, request);
  const known = request.operation === "create" ? null : request.id;
  let outcome;
  try {
    outcome = await deps.gateway.writeEntity(target, {
      entityName: request.entity,
      operation: request.operation,
      payload,
      requestId: quickbooksRequestId,
    });
  } catch (error) {
    const details = isDomainError(error) ? error.details : {};
    await record(deps, caller, target, request, known, requestId, {
      outcome: "failed",
      code: isDomainError(error) ? error.code : "INTERNAL_ERROR",
      qbo_code: details.qbo_code ?? null,
      intuit_tid: details.intuit_tid ?? null,
      quickbooks_request_id: quickbooksRequestId,
    });
    throw error;
  }
  const id = outcome.object.Id === undefined ? known : String(outcome.object.Id);
  await record(deps, caller, target, request, id, requestId, {
    outcome: "succeeded",
    intuit_tid: outcome.intuitTid,
    sync_token: outcome.object.SyncToken ?? null,
    quickbooks_request_id: quickbooksRequestId,
  });
  return {
    realmId: target.realmId,
    object: outcome.object,
    intuitTid: outcome.intuitTid,
    quickbooksRequestId,
  };
}

async function record(
  deps: PassThroughDependencies,
  caller: Caller,
  target: QuickBooksTarget,
  request: QboWriteRequest,
  id: string | null,
  requestId: string,
  details: Record<string, unknown>,
): Promise<void> {
  await deps.audit({
    orgId: caller.orgId,
    at: deps.clock.now().toISOString(),
    actor: actorOf(caller),
    action: `qbo.${request.operation}`,
    target: id === null ? `qbo:${request.entity}` : `qbo:${request.entity}:${id}`,
    details: { entity: request.entity, id, realm_id: target.realmId, ...details },
    requestId,
  });
}
