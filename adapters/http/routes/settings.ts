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
}
