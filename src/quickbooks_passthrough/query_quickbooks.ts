import type { Caller } from "../../domain/access/caller.ts";
import type { QboApiEntity } from "../../domain/model/quickbooks/qbo_entity_catalog.ts";
import { type QboQueryInput, qboQueryPage } from "../../domain/model/quickbooks/qbo_query_statement.ts";
import type { QuickBooksObject } from "../../domain/ports/quickbooks_gateway.ts";
import {
  passThroughCompany,
  type PassThroughDependencies,
  requirePassThrough,
} from "./passthrough_company.ts";

export interface QuickBooksQueryRequest extends QboQueryInput {
  readonly realmId?: string;
}

export interface QuickBooksQueryPage {
  readonly realmId: string;
  readonly entity: QboApiEntity;
  readonly items: readonly QuickBooksObject[];
  readonly startPosition: number;
  readonly maxResults: number;
  /** Where the next page starts; null on the last one (a short page, or a COUNT(*)). */
  readonly nextStartPosition: number | null;
  /** QBO's total of a COUNT(*) statement; null otherwise. */
  readonly totalCount: number | null;
  /** The statement QBO ran. */
  readonly statement: string;
}

/**
 * `GET /qbo/{entity}`: one page of a query in QBO's language (a WHERE and ORDER BY, or a whole
 * SELECT of the path's entity; see `qboQueryPage`), through the connection's tokens and the realm's
 * rate budget, retry and breaker. A full page says where the next one starts.
 */
export async function queryQuickBooks(
  deps: PassThroughDependencies,
  caller: Caller,
  request: QuickBooksQueryRequest,
): Promise<QuickBooksQueryPage> {
  requirePassThrough(caller, "qbo:read");
  const page = qboQueryPage(request);
  const target = await passThroughCompany(deps, caller, request.realmId);
  const answer = await deps.gateway.queryPage(target, {
    entityName: request.entity,
    statement: page.statement,
  });
  const full = !page.count && answer.objects.length >= page.maxResults;
  return {
    realmId: target.realmId,
    entity: request.entity,
    items: answer.objects,
    startPosition: page.startPosition,
    maxResults: page.maxResults,
    nextStartPosition: full ? page.startPosition + answer.objects.length : null,
    totalCount: answer.totalCount,
    statement: page.statement,
  };
}
