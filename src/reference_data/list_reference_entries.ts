import { type Caller, requireRole } from "../../domain/access/authorize.ts";
import { DomainError } from "../../domain/errors.ts";
import {
  type ReferenceEntryOf,
  type ReferenceListName,
  referenceSortKey,
} from "../../domain/model/quickbooks/qbo_reference_list.ts";
import type { ConnectionRepository } from "../../domain/ports/connection_repository.ts";
import type { ReferencePagePosition } from "../../domain/ports/reference_list_cache.ts";
import { requireConnectedCompany } from "../connections/resolve_connection.ts";
import type { ReferenceLists } from "./reference_lists.ts";

export interface ReferenceListReadDependencies {
  readonly lists: ReferenceLists;
  readonly connections: ConnectionRepository;
}

/** What a caller asks of a list. */
export interface ReferenceListRequest {
  /** The company; the organization's default one when absent. */
  readonly realmId?: string;
  readonly active?: boolean;
  /** Account type (accounts), item type (items), term or payment method type. */
  readonly kind?: string;
  /** `nextCursor` of the previous page. */
  readonly cursor?: string;
  readonly limit: number;
}

export interface ReferenceListPage<L extends ReferenceListName> {
  readonly realmId: string;
  readonly items: readonly ReferenceEntryOf<L>[];
  /** Null on the last page. */
  readonly nextCursor: string | null;
  /** When the list was last checked against QuickBooks. */
  readonly checkedAt: string;
}

/**
 * One page of a connected company's list, fresh within the cache's TTL, in list order (fully
 * qualified name, then id). Reference lists describe the whole company, so any caller allowed to
 * read mappings sees them whole, whatever its property scope.
 */
export async function listReferenceEntries<L extends ReferenceListName>(
  deps: ReferenceListReadDependencies,
  caller: Caller,
  list: L,
  request: ReferenceListRequest,
): Promise<ReferenceListPage<L>> {
  requireRole(caller, "mappings:read");
  const after = request.cursor === undefined ? null : decodeReferenceCursor(request.cursor);
  const connection = await requireConnectedCompany(deps.connections, caller.orgId, request.realmId);
  const target = { orgId: caller.orgId, realmId: connection.realmId };
  const freshness = await deps.lists.fresh(target, list);
  const rows = await deps.lists.page(
    target,
    list,
    { active: request.active, kind: request.kind },
    after,
    request.limit + 1,
  );
  const items = rows.slice(0, request.limit);
  const last = items[items.length - 1];
  return {
    realmId: connection.realmId,
    items,
    nextCursor: rows.length > request.limit && last !== undefined
      ? encodeReferenceCursor({ sortKey: referenceSortKey(last), id: last.id })
      : null,
    checkedAt: freshness.checkedAt,
  };
}

/** An opaque page cursor: the last entry's position, base64url-encoded JSON. */
export function encodeReferenceCursor(position: ReferencePagePosition): string {
  const bytes = new TextEncoder().encode(JSON.stringify([position.sortKey, position.id]));
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** The position inside a cursor; VALIDATION_FAILED on `query.cursor` when it is not one of ours. */
export function decodeReferenceCursor(cursor: string): ReferencePagePosition {
  try {
    const binary = atob(cursor.replaceAll("-", "+").replaceAll("_", "/"));
    const text = new TextDecoder("utf-8", { fatal: true }).decode(
      Uint8Array.from(binary, (ch) => ch.charCodeAt(0)),
    );
    const value: unknown = JSON.parse(text);
    if (
      Array.isArray(value) && value.length === 2 && typeof value[0] === "string" &&
      typeof value[1] === "string" && value[1] !== ""
    ) {
      return { sortKey: value[0], id: value[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new DomainError(
    "VALIDATION_FAILED",
    "Invalid request: query.cursor: not a cursor returned by this API",
    {
      issues: [{ path: "query.cursor", message: "not a cursor returned by this API", code: "invalid_value" }],
    },
  );
}
