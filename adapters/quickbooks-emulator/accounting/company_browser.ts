import { compilePathReader, valuesOf } from "../query/property_path.ts";
import type { CompanyStore } from "./company_store.ts";
import type { Doc } from "./company_state.ts";
import { allEntityNames, canonicalEntityName } from "./entity_catalog.ts";
import { knownFields } from "./entity_fields.ts";

/**
 * A developer's read-only look at one company's books, for the admin API's
 * `GET /_emulator/companies/{realmId}/{entity}?Field=value&limit=&offset=`: every object of the
 * entity (inactive ones included, as QBO shows them in its lists), optionally filtered by property
 * values, in the order they were created. Nothing is written, no event is emitted, no token or throttle is involved.
 *
 * A filter names a property (any case; dotted paths reach into objects and lists, e.g.
 * `CustomerRef=12`, `CustomerRef.name=Ann`, `AttachableRef.EntityRef.value=130`) and matches when
 * the value, a reference's `value` or an e-mail's `Address`, compared case-insensitively, is the one given.
 *
 * @example
 * ```ts
 * const page = browseCompany(store, { realmId, entity: "account", filters: { AccountType: "Bank" } });
 * if (page.ok) page.value.items.map((a) => a.Name); // ["Checking", "Savings"]
 * ```
 */
export interface BrowseRequest {
  readonly realmId: string;
  readonly entity: string;
  readonly filters?: Readonly<Record<string, string>>;
  readonly limit?: number;
  readonly offset?: number;
}

export interface BrowsePage {
  readonly realmId: string;
  readonly entity: string;
  /** Objects matching the filters, before paging. */
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  readonly items: Doc[];
}

export type BrowseFailure =
  | { readonly code: "unknown_realm"; readonly message: string }
  | { readonly code: "unknown_entity"; readonly message: string; readonly entities: string[] }
  | {
    readonly code: "unknown_field";
    readonly message: string;
    readonly field: string;
    readonly fields: string[];
  }
  | { readonly code: "invalid_request"; readonly message: string };

export type BrowseOutcome = { ok: true; value: BrowsePage } | { ok: false; error: BrowseFailure };

export const BROWSE_DEFAULT_LIMIT = 100;
export const BROWSE_MAX_LIMIT = 1000;

export function browseCompany(store: CompanyStore, request: BrowseRequest): BrowseOutcome {
  const fail = (error: BrowseFailure): BrowseOutcome => ({ ok: false, error });
  const ops = store.operations(request.realmId);
  if (!ops) return fail({ code: "unknown_realm", message: `No company with realm id ${request.realmId}` });
  const entity = canonicalEntityName(request.entity);
  if (!entity) {
    return fail({
      code: "unknown_entity",
      message: `The emulator keeps no entity named ${request.entity}`,
      entities: allEntityNames(),
    });
  }
  const limit = request.limit ?? BROWSE_DEFAULT_LIMIT;
  const offset = request.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > BROWSE_MAX_LIMIT) {
    return fail({ code: "invalid_request", message: `limit must be an integer 1..${BROWSE_MAX_LIMIT}` });
  }
  if (!Number.isInteger(offset) || offset < 0) {
    return fail({ code: "invalid_request", message: "offset must be a non-negative integer" });
  }
  const known = knownFields(entity);
  const tests: Array<(doc: Doc) => boolean> = [];
  for (const [field, wanted] of Object.entries(request.filters ?? {})) {
    const top = field.split(".")[0].toLowerCase();
    if (known && ![...known].some((k) => k.toLowerCase() === top)) {
      return fail({
        code: "unknown_field",
        message: `${entity} has no property ${field}`,
        field,
        fields: [...known].sort(),
      });
    }
    const read = compilePathReader(field);
    const target = wanted.trim().toLowerCase();
    tests.push((doc) => valuesOf(read(doc)).some((value) => comparable(value) === target));
  }
  const matching = ops.rows(entity).filter((doc) => tests.every((test) => test(doc)));
  return {
    ok: true,
    value: {
      realmId: request.realmId,
      entity,
      total: matching.length,
      offset,
      limit,
      items: matching.slice(offset, offset + limit),
    },
  };
}

/** The text a filter compares with: scalars as text, references by value, e-mails by address. */
function comparable(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "object") {
    const inner = (value as { value?: unknown; Address?: unknown }).value ??
      (value as { Address?: unknown }).Address;
    return inner === undefined ? undefined : comparable(inner);
  }
  return String(value).trim().toLowerCase();
}
