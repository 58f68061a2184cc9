import { createRoute, z } from "@hono/zod-openapi";
import { requires } from "../access.ts";
import { raises } from "../error_responses.ts";
import { EntityIdSchema } from "../../../domain/model/estatecore/entity_id.ts";
import {
  type AccountAssignments,
  AccountAssignmentsSchema,
  type AccountMapping,
  AccountPurposeSchema,
  type PropertyAccountOverride,
  PropertyAccountOverrideSchema,
} from "../../../domain/mapping/account_mapping.ts";
import {
  type MappingValidation,
  MappingValidationSchema,
} from "../../../domain/mapping/mapping_validation.ts";
import type { MappingRevision } from "../../../domain/ports/account_mapping_repository.ts";
import type { ApiApp, Caller } from "../api_types.ts";
import { envelopeOf, successEnvelope } from "../envelope.ts";

/** A mapping with its effect per property, as the account-mapping use cases return it. */
export interface MappingView {
  readonly mapping: AccountMapping;
  readonly defaultsRevision: MappingRevision | null;
  readonly overrideRevisions: Readonly<Record<string, MappingRevision>>;
  readonly effective: readonly {
    readonly propertyId: string;
    readonly propertyName: string | null;
    readonly accounts: Readonly<Record<string, string>>;
    readonly expenseAccounts: Readonly<Record<string, string>>;
    readonly unmapped: readonly string[];
    readonly hasOverride: boolean;
  }[];
  readonly validation: MappingValidation;
}

/** What the mapping routes need from the application (use cases, injected). */
export interface MappingServices {
  getMappings(caller: Caller, options: { propertyId?: string; realmId?: string }): Promise<MappingView>;
  putDefaultMapping(caller: Caller, defaults: AccountAssignments, requestId: string): Promise<MappingView>;
  putPropertyMapping(
    caller: Caller,
    propertyId: string,
    override: PropertyAccountOverride,
    requestId: string,
  ): Promise<MappingView>;
  deletePropertyMapping(caller: Caller, propertyId: string, requestId: string): Promise<void>;
}

const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });

const Revision = { version: z.number().int().nullable(), updated_at: z.string().nullable() };

/** The mapping checked against a QuickBooks company, as GET /mappings and GET /status show it. */
export const MappingValidationOpenApi = MappingValidationSchema.openapi("AccountMappingValidation", {
  description: "Whether every mapped account exists in the QuickBooks company, is active and has a type " +
    "that fits its purpose. `unchecked` while no company is connected (the mapping is then checked when " +
    "one is) or when the mapping changed since it was checked against this company.",
});

const MappingViewSchema = z.object({
  defaults: AccountAssignmentsSchema,
  ...Revision,
  property_overrides: z.record(
    z.string(),
    PropertyAccountOverrideSchema.extend({ version: z.number().int(), updated_at: z.string() }),
  ),
  effective: z.array(z.object({
    property_id: z.string(),
    property_name: z.string().nullable(),
    has_override: z.boolean(),
    accounts: z.record(z.string(), z.string()).openapi({
      description: "QBO account id per purpose, after fallbacks",
    }),
    expense_accounts: z.record(z.string(), z.string()),
    unmapped: z.array(AccountPurposeSchema).openapi({
      description: "Purposes with no account: syncing a record that needs one fails with QB006",
    }),
  })),
  validation: MappingValidationOpenApi,
}).openapi("AccountMappings");

const PropertyParams = z.object({ property_id: EntityIdSchema });

function toApi(view: MappingView) {
  return {
    defaults: view.mapping.defaults,
    version: view.defaultsRevision?.version ?? null,
    updated_at: view.defaultsRevision?.updatedAt ?? null,
    property_overrides: Object.fromEntries(
      Object.entries(view.mapping.property_overrides).map(([id, o]) => [
        id,
        {
          ...o,
          version: view.overrideRevisions[id]?.version ?? 0,
          updated_at: view.overrideRevisions[id]?.updatedAt ?? "",
        },
      ]),
    ),
    effective: view.effective.map((e) => ({
      property_id: e.propertyId,
      property_name: e.propertyName,
      has_override: e.hasOverride,
      accounts: { ...e.accounts },
      expense_accounts: { ...e.expenseAccounts },
      unmapped: [...e.unmapped] as z.infer<typeof AccountPurposeSchema>[],
    })),
    validation: view.validation,
  };
}

export function registerMappingRoutes(api: ApiApp, services: MappingServices, now: () => Date): void {
  const ok = (data: MappingView) => successEnvelope(toApi(data), now());

  api.openapi(
    createRoute({
      method: "get",
      path: "/mappings",
      tags: ["mappings"],
      summary: "Account mapping: org defaults, property overrides and the effective accounts per property",
      ...requires("mappings:read"),
      ...raises("FORBIDDEN"),
      request: {
        query: z.object({
          property_id: z.string().min(1).max(100).optional(),
          realm_id: z.string().regex(/^\d{1,32}$/).optional().openapi({
            description: "Show the validation against this company (default: the default company)",
          }),
        }),
      },
      responses: {
        200: { description: "Mapping", content: json(envelopeOf(MappingViewSchema)) },
      },
    }),
    async (c) =>
      c.json(
        ok(
          await services.getMappings(c.get("caller"), {
            propertyId: c.req.valid("query").property_id,
            realmId: c.req.valid("query").realm_id,
          }),
        ),
        200,
      ),
  );

  api.openapi(
    createRoute({
      method: "put",
      path: "/mappings/default",
      tags: ["mappings"],
      summary: "Replace the organization's default QBO accounts",
      description: "With a company connected, every account written is checked against its chart of " +
        "accounts first (exists, active, a type that fits the purpose) and refused with " +
        "MAPPING_ACCOUNT_INVALID otherwise; without one the mapping is accepted `unchecked` and checked " +
        "when a company is connected. Look the ids up with `GET /accounts`.",
      ...requires("mappings:write"),
      ...raises("MAPPING_ACCOUNT_INVALID", "QB001", "QB003", "QB007"),
      request: {
        body: { required: true, content: json(AccountAssignmentsSchema.openapi("AccountAssignments")) },
      },
      responses: {
        200: { description: "Mapping", content: json(envelopeOf(MappingViewSchema)) },
      },
    }),
    async (c) =>
      c.json(
        ok(await services.putDefaultMapping(c.get("caller"), c.req.valid("json"), c.get("requestId"))),
        200,
      ),
  );

  api.openapi(
    createRoute({
      method: "put",
      path: "/mappings/properties/{property_id}",
      tags: ["mappings"],
      summary: "Replace one property's account overrides (create_property_mapping)",
      description: "Checked against the connected company like the defaults (MAPPING_ACCOUNT_INVALID).",
      ...requires("mappings:write"),
      ...raises("MAPPING_ACCOUNT_INVALID", "QB001", "QB003", "QB007"),
      request: {
        params: PropertyParams,
        body: {
          required: true,
          content: json(PropertyAccountOverrideSchema.openapi("PropertyAccountOverride")),
        },
      },
      responses: {
        200: { description: "Mapping", content: json(envelopeOf(MappingViewSchema)) },
      },
    }),
    async (c) => {
      const { property_id } = c.req.valid("param");
      const view = await services.putPropertyMapping(
        c.get("caller"),
        property_id,
        c.req.valid("json"),
        c.get("requestId"),
      );
      return c.json(ok(view), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "delete",
      path: "/mappings/properties/{property_id}",
      tags: ["mappings"],
      summary: "Remove one property's overrides (it falls back to the defaults)",
      ...requires("mappings:write"),
      request: { params: PropertyParams },
      responses: {
        200: { description: "Removed", content: json(envelopeOf(z.object({ deleted: z.literal(true) }))) },
      },
    }),
    async (c) => {
      await services.deletePropertyMapping(
        c.get("caller"),
        c.req.valid("param").property_id,
        c.get("requestId"),
      );
      return c.json(successEnvelope({ deleted: true as const }, now()), 200);
    },
  );
}
