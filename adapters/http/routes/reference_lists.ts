import { createRoute, z } from "@hono/zod-openapi";
import { requires } from "../access.ts";
import { QboAccountTypeSchema } from "../../../domain/model/quickbooks/qbo_account.ts";
import { QboItemTypeSchema } from "../../../domain/model/quickbooks/qbo_item.ts";
import {
  AccountEntrySchema,
  ItemEntrySchema,
  PaymentMethodEntrySchema,
  type ReferenceEntryOf,
  type ReferenceListName,
  TaxCodeEntrySchema,
  TermEntrySchema,
  TrackingEntrySchema,
} from "../../../domain/model/quickbooks/qbo_reference_list.ts";
import type { ApiApp, Caller } from "../api_types.ts";
import { envelopeOf, successEnvelope } from "../envelope.ts";
import { QUICKBOOKS_CALL_ERRORS, raises } from "../error_responses.ts";

/** A page of a list as the reference-list use case returns it. */
export interface ReferenceListPageView<L extends ReferenceListName> {
  readonly realmId: string;
  readonly items: readonly ReferenceEntryOf<L>[];
  readonly nextCursor: string | null;
  readonly checkedAt: string;
}

/** What the reference-list routes need from the application (use cases, injected). */
export interface ReferenceListServices {
  listReferenceEntries<L extends ReferenceListName>(
    caller: Caller,
    list: L,
    request: {
      realmId?: string;
      active?: boolean;
      kind?: string;
      cursor?: string;
      limit: number;
    },
  ): Promise<ReferenceListPageView<L>>;
}

/**
 * Each list: its path, its entry schema as the OpenAPI document names it, and its `type` filter.
 * Built when the routes register (`.openapi` exists on zod schemas once @hono/zod-openapi is set up).
 */
const listSpecs = (): readonly {
  readonly list: ReferenceListName;
  readonly path: string;
  readonly entry: z.ZodType;
  readonly name: string;
  readonly what: string;
  readonly type?: z.ZodType<string>;
}[] => [
  {
    list: "accounts",
    path: "/accounts",
    entry: AccountEntrySchema.openapi("QuickBooksAccount"),
    name: "QuickBooksAccounts",
    what: "The company's chart of accounts: the ids the account mappings need",
    type: QboAccountTypeSchema.openapi({ description: "Only accounts of this AccountType" }),
  },
  {
    list: "classes",
    path: "/classes",
    entry: TrackingEntrySchema.openapi("QuickBooksClass"),
    name: "QuickBooksClasses",
    what: "The company's classes (property tracking by class)",
  },
  {
    list: "locations",
    path: "/locations",
    entry: TrackingEntrySchema.openapi("QuickBooksLocation"),
    name: "QuickBooksLocations",
    what: "The company's locations (QBO Department; property tracking by location)",
  },
  {
    list: "items",
    path: "/items",
    entry: ItemEntrySchema.openapi("QuickBooksItem"),
    name: "QuickBooksItems",
    what: "The company's products and services",
    type: QboItemTypeSchema.openapi({ description: "Only items of this Type" }),
  },
  {
    list: "tax_codes",
    path: "/tax-codes",
    entry: TaxCodeEntrySchema.openapi("QuickBooksTaxCode"),
    name: "QuickBooksTaxCodes",
    what: "The company's sales tax codes (TaxCode; not covered by CDC, so re-read in full when stale)",
  },
  {
    list: "terms",
    path: "/terms",
    entry: TermEntrySchema.openapi("QuickBooksTerm"),
    name: "QuickBooksTerms",
    what: "The company's payment terms (Term)",
  },
  {
    list: "payment_methods",
    path: "/payment-methods",
    entry: PaymentMethodEntrySchema.openapi("QuickBooksPaymentMethod"),
    name: "QuickBooksPaymentMethods",
    what: "The company's payment methods (PaymentMethod)",
  },
];

function querySchema(type: z.ZodType<string> | undefined) {
  return z.object({
    realm_id: z.string().regex(/^\d{1,32}$/).optional().openapi({
      description: "The company, when the organization connected several; its default company otherwise",
    }),
    active: z.enum(["true", "false"]).optional().openapi({
      description: "Only active (`true`) or only inactive (`false`) entries; both when absent",
    }),
    ...(type ? { type: type.optional() } : {}),
    cursor: z.string().max(1000).optional().openapi({ description: "`next_cursor` of the previous page" }),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  });
}

/**
 * `GET /accounts`, `/classes`, `/locations`, `/items`, `/tax-codes`, `/terms`,
 * `/payment-methods`: a connected company's reference lists, cached per company and refreshed
 * with QBO's Change Data Capture once older than a short TTL (or at once after a webhook).
 */
export function registerReferenceListRoutes(
  api: ApiApp,
  services: ReferenceListServices,
  now: () => Date,
): void {
  for (const spec of listSpecs()) {
    const page = z.object({
      realm_id: z.string(),
      items: z.array(spec.entry),
      next_cursor: z.string().nullable().openapi({ description: "Null on the last page" }),
      checked_at: z.string().openapi({
        description: "When the list was last checked against QuickBooks (served from the cache until then)",
      }),
    }).openapi(spec.name);
    api.openapi(
      createRoute({
        method: "get",
        path: spec.path,
        tags: ["quickbooks lists"],
        summary: spec.what,
        description: "Read from the connected company through the resilient QuickBooks client and cached " +
          "per company: a read older than a few minutes asks QuickBooks' Change Data Capture for what " +
          "changed since the last check (new, edited, deactivated entries) instead of reading the list " +
          "again; QuickBooks webhooks about the entity make the next read check at once. Ordered by " +
          "fully qualified name (case-insensitive), then id; inactive entries included unless `active` says otherwise.",
        ...requires("mappings:read"),
        ...raises("NOT_FOUND", ...QUICKBOOKS_CALL_ERRORS),
        request: { query: querySchema(spec.type) },
        responses: {
          200: { description: spec.name, content: { "application/json": { schema: envelopeOf(page) } } },
        },
      }),
      async (c) => {
        const query = c.req.valid("query") as {
          realm_id?: string;
          active?: "true" | "false";
          type?: string;
          cursor?: string;
          limit: number;
        };
        const result = await services.listReferenceEntries(c.get("caller"), spec.list, {
          realmId: query.realm_id,
          active: query.active === undefined ? undefined : query.active === "true",
          kind: query.type,
          cursor: query.cursor,
          limit: query.limit,
        });
        return c.json(
          successEnvelope({
            realm_id: result.realmId,
            items: [...result.items],
            next_cursor: result.nextCursor,
            checked_at: result.checkedAt,
          }, now()),
          200,
        );
      },
    );
  }
}
