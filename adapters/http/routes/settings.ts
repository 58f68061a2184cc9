import { createRoute, z } from "@hono/zod-openapi";
import { requires } from "../access.ts";
import {
  SYNC_SETTING_NAMES,
  type SyncSettingName,
  type SyncSettings,
  type SyncSettingsChanges,
  SyncSettingsChangesSchema,
  SyncSettingsSchema,
} from "../../../domain/ports/sync_settings_repository.ts";
import { TransformationRulesSchema } from "../../../domain/mapping/transformation_rules.ts";
import { MIRROR_RECORD_TYPES } from "../../../domain/ports/record_mirror.ts";
import type {
  MappingRulesPreview,
  MappingRulesPreviewInput,
  MappingRulesView,
} from "../../../domain/mapping/rules_preview.ts";
import type { ApiApp, Caller } from "../api_types.ts";
import { envelopeOf, successEnvelope } from "../envelope.ts";

/** Settings as the sync-settings use cases return them. */
export interface SyncSettingsView {
  readonly settings: SyncSettings;
  readonly chosen: readonly SyncSettingName[];
  readonly validatedAgainstCompany: boolean;
  readonly realmId: string | null;
  readonly version: number;
  readonly updatedAt: string | null;
}

/** What the settings routes need from the application (use cases, injected). */
export interface SettingsServices {
  getSyncSettings(caller: Caller): Promise<SyncSettingsView>;
  putSyncSettings(
    caller: Caller,
    changes: SyncSettingsChanges,
    requestId: string,
  ): Promise<SyncSettingsView>;
  getMappingRules(caller: Caller): Promise<MappingRulesView>;
  putMappingRules(caller: Caller, rules: unknown, requestId: string): Promise<MappingRulesView>;
  previewMappingRules(caller: Caller, input: MappingRulesPreviewInput): Promise<MappingRulesPreview>;
}

const SyncSettingsViewSchema = SyncSettingsSchema.extend({
  chosen: z.array(z.enum(SYNC_SETTING_NAMES as [SyncSettingName, ...SyncSettingName[]])).openapi({
    description: "The settings the organization set itself; the others follow their defaults, and " +
      "`property_tracking`'s default follows what the default QuickBooks company supports (class, else " +
      "location, else parent_customer), re-read from its preferences at connect and before every sync",
  }),
  validated_against_company: z.boolean().openapi({
    description: "False when no QuickBooks company was connected to check tracking support against",
  }),
  realm_id: z.string().nullable(),
  version: z.number().int().openapi({ description: "0 while only defaults apply" }),
  updated_at: z.string().nullable(),
}).openapi("SyncSettings");

function toApi(view: SyncSettingsView) {
  return {
    ...view.settings,
    chosen: [...view.chosen],
    validated_against_company: view.validatedAgainstCompany,
    realm_id: view.realmId,
    version: view.version,
    updated_at: view.updatedAt,
  };
}

// `.meta`, not `.openapi`: the domain schema may be built before @hono/zod-openapi extends zod.
const MappingRulesSchema = TransformationRulesSchema.meta({
  id: "MappingRules",
  description: "How invoices land in QuickBooks: the customer memo rendered from `invoice_memo_template` " +
    "and up to three legacy sales-form custom fields (QuickBooks' limit; names of at most 31 characters, " +
    "`definition_id` as in the company's Preferences), each rendered from a template over the invoice " +
    "placeholders and passed through `transforms` in order. How tenants are named is `display_name_template` " +
    "of the sync settings.",
});

const MappingRulesViewSchema = z.object({
  rules: MappingRulesSchema,
  version: z.number().int().openapi({ description: "0 while only defaults apply; each change bumps it" }),
  updated_at: z.string().nullable(),
}).openapi("MappingRulesState");

const MissingReferenceSchema = z.object({ entity: z.string(), source: z.string(), id: z.string() });

const MappingRulesPreviewSchema = z.object({
  record_type: z.enum(MIRROR_RECORD_TYPES),
  record_id: z.string(),
  realm_id: z.string().nullable().openapi({
    description: "The company previewed against (null: none connected)",
  }),
  rules: MappingRulesSchema,
  objects: z.array(z.object({
    entity_type: z.string(),
    sync_record_id: z.string(),
    quickbooks_id: z.string().nullable(),
    operation: z.enum(["create", "update", "void", "delete", "none"]).openapi({
      description: "What the next push would do; `none` when QuickBooks already holds this payload",
    }),
    payload: z.record(z.string(), z.unknown()).openapi({ description: "The whole payload the rules render" }),
    sends: z.record(z.string(), z.unknown()).nullable().openapi({
      description:
        "The body the next push would send (a sparse update carries only what changed); null when nothing",
    }),
    changed_by_rules: z.array(z.string()).openapi({
      description: "Payload fields the previewed rules change compared with the stored rules",
    }),
  })),
  not_mapped: z.array(z.object({
    reason: z.enum(["deleted", "record_type_not_synced", "waiting_for_reference", "mapping_error"]),
    code: z.string().nullable(),
    message: z.string(),
    missing: z.array(MissingReferenceSchema),
  })).openapi({ description: "Why the record has no object right now (empty when `objects` is not)" }),
}).openapi("MappingRulesPreview");

const MappingRulesPreviewRequestSchema = z.strictObject({
  record_type: z.enum(MIRROR_RECORD_TYPES),
  record_id: z.string().min(1).max(128),
  // Rules to try (not saved); the stored ones when absent.
  rules: MappingRulesSchema.optional(),
  realm_id: z.string().min(1).max(32).optional().openapi({
    description: "The company to preview against; the default one when absent",
  }),
}).openapi("MappingRulesPreviewRequest", {
  description: "A stored record to render, with `rules` to try (not saved; the stored rules when absent)",
});

function rulesToApi(view: MappingRulesView) {
  return { rules: view.rules, version: view.version, updated_at: view.updatedAt };
}

function previewToApi(preview: MappingRulesPreview) {
  return {
    record_type: preview.recordType,
    record_id: preview.recordId,
    realm_id: preview.realmId,
    rules: preview.rules,
    objects: preview.objects.map((o) => ({
      entity_type: o.entityType,
      sync_record_id: o.syncRecordId,
      quickbooks_id: o.quickbooksId,
      operation: o.operation,
      payload: o.payload,
      sends: o.sends,
      changed_by_rules: [...o.changedByRules],
    })),
    not_mapped: preview.notMapped.map((n) => ({ ...n, missing: n.missing.map((m) => ({ ...m })) })),
  };
}

export function registerSettingsRoutes(api: ApiApp, services: SettingsServices, now: () => Date): void {
  const content = { "application/json": { schema: envelopeOf(SyncSettingsViewSchema) } };

  api.openapi(
    createRoute({
      method: "get",
      path: "/settings/sync",
      tags: ["settings"],
      summary: "The organization's sync settings",
      ...requires("settings:read"),
      responses: { 200: { description: "Settings", content } },
    }),
    async (c) => c.json(successEnvelope(toApi(await services.getSyncSettings(c.get("caller"))), now()), 200),
  );

  api.openapi(
    createRoute({
      method: "put",
      path: "/settings/sync",
      tags: ["settings"],
      summary: "Change sync settings (fields sent replace the current ones; others are kept)",
      description:
        "Checked against the connected QuickBooks company: Class or Location tracking must be turned on " +
        "in QuickBooks (Settings > Advanced > Categories) before a property can be tracked that way. Without a " +
        "connection the settings are accepted with `validated_against_company: false`.",
      ...requires("settings:write"),
      request: {
        body: {
          required: true,
          content: {
            "application/json": { schema: SyncSettingsChangesSchema.openapi("SyncSettingsChanges") },
          },
        },
      },
      responses: { 200: { description: "Settings", content } },
    }),
    async (c) => {
      const view = await services.putSyncSettings(
        c.get("caller"),
        c.req.valid("json"),
        c.get("requestId"),
      );
      return c.json(successEnvelope(toApi(view), now()), 200);
    },
  );

  const rulesContent = { "application/json": { schema: envelopeOf(MappingRulesViewSchema) } };
  api.openapi(
    createRoute({
      method: "get",
      path: "/settings/mapping-rules",
      tags: ["settings"],
      summary: "The organization's mapping rules (invoice memo and custom fields)",
      ...requires("settings:read"),
      responses: { 200: { description: "Mapping rules", content: rulesContent } },
    }),
    async (c) =>
      c.json(successEnvelope(rulesToApi(await services.getMappingRules(c.get("caller"))), now()), 200),
  );

  api.openapi(
    createRoute({
      method: "put",
      path: "/settings/mapping-rules",
      tags: ["settings"],
      summary: "Replace the mapping rules",
      description:
        "The whole set: a rule left out goes back to its default. Unknown placeholders, more than three " +
        "custom fields, names over 31 characters, repeated `definition_id`s, unknown transforms and unknown fields " +
        "are refused with VALIDATION_FAILED naming the field. Audited; the next push rewrites only the records " +
        "whose rendered payload changed (see `POST /settings/mapping-rules/preview`).",
      ...requires("settings:write"),
      request: { body: { required: true, content: { "application/json": { schema: MappingRulesSchema } } } },
      responses: { 200: { description: "Mapping rules", content: rulesContent } },
    }),
    async (c) => {
      const view = await services.putMappingRules(c.get("caller"), c.req.valid("json"), c.get("requestId"));
      return c.json(successEnvelope(rulesToApi(view), now()), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/settings/mapping-rules/preview",
      tags: ["settings"],
      summary: "Render mapping rules against a stored record and show what the next push would send",
      description:
        "Writes nothing. With `rules`, shows what those rules would do before they are saved; without, " +
        "what the stored rules do. Each QuickBooks object the record lands in comes with the operation the next " +
        "push would make and the body it would send, planned by the push's own planner.",
      ...requires("settings:read"),
      request: {
        body: {
          required: true,
          content: { "application/json": { schema: MappingRulesPreviewRequestSchema } },
        },
      },
      responses: {
        200: {
          description: "Preview",
          content: { "application/json": { schema: envelopeOf(MappingRulesPreviewSchema) } },
        },
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const preview = await services.previewMappingRules(c.get("caller"), {
        recordType: body.record_type,
        recordId: body.record_id,
        ...(body.rules === undefined ? {} : { rules: body.rules }),
        ...(body.realm_id === undefined ? {} : { realmId: body.realm_id }),
      });
      return c.json(successEnvelope(previewToApi(preview), now()), 200);
    },
  );
}
