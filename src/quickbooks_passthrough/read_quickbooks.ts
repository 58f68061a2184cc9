import type { Caller } from "../../domain/access/caller.ts";
import { DomainError } from "../../domain/errors.ts";
import type { QboApiEntity } from "../../domain/model/quickbooks/qbo_entity_catalog.ts";
import type { QuickBooksObject } from "../../domain/ports/quickbooks_gateway.ts";
import {
  passThroughCompany,
  type PassThroughDependencies,
  requirePassThrough,
} from "./passthrough_company.ts";

/**
 * `GET /qbo/{entity}/{id}`: one object as QBO answers it. NOT_FOUND when QBO does not have it (or
 * no longer: deleted), as its fault 610 says.
 */
export async function readQuickBooks(
  deps: PassThroughDependencies,
  caller: Caller,
  request: { readonly entity: QboApiEntity; readonly id: string; readonly realmId?: string },
): Promise<{ readonly realmId: string; readonly object: QuickBooksObject }> {
  requirePassThrough(caller, "qbo:read");
  const target = await passThroughCompany(deps, caller, request.realmId);
  const object = await deps.gateway.read(target, request.entity, request.id);
  if (!object) {
    throw new DomainError("NOT_FOUND", `QuickBooks has no ${request.entity} ${request.id}`, {
      entity: request.entity,
      id: request.id,
      realm_id: target.realmId,
    });
  }
  return { realmId: target.realmId, object };
}
