import { createRoute, z } from "@hono/zod-openapi";
import { requires } from "../access.ts";
import type { ApiApp, Caller } from "../api_types.ts";
import type { MappingValidation } from "../../../domain/mapping/mapping_validation.ts";
import { MappingValidationOpenApi } from "./mappings.ts";
import { envelopeOf, successEnvelope } from "../envelope.ts";
import { QUICKBOOKS_CALL_ERRORS, raises } from "../error_responses.ts";

/** A connection's status as the use cases report it (no tokens, ever). */
export interface ConnectionStatusData {
  readonly connected: boolean;
  readonly status: string;
  readonly realmId: string | null;
  readonly companyName: string | null;
  readonly isDefault: boolean;
  readonly accessTokenExpiresAt: string | null;
  readonly refreshTokenExpiresAt: string | null;
  readonly refreshTokenHardExpiresAt: string | null;
  readonly classTrackingEnabled: boolean;
  readonly locationTrackingEnabled: boolean;
  readonly circuit: string;
  readonly circuitOpenedAt: string | null;
  readonly circuitRetryAt: string | null;
  readonly readyForSync: boolean;
  readonly lastError: { readonly code: string; readonly message: string; readonly at: string | null } | null;
  readonly mappingValidation: MappingValidation;
  readonly trackingProblem: {
    readonly tracking: "class" | "location";
    readonly quickbooksSwitch: string;
    readonly message: string;
  } | null;
}

/** What the connection routes need from the application (use cases, injected). */
export interface ConnectionServices {
  startConnection(
    caller: Caller,
    request: { readonly returnUrl?: string },
  ): Promise<{ authorizationUrl: string; expiresAt: Date }>;
  connectionStatus(orgId: string, realmId?: string): Promise<ConnectionStatusData>;
  listConnections(orgId: string): Promise<ConnectionStatusData[]>;
  disconnect(caller: Caller, realmId?: string): Promise<{ realmId: string; revokedAtIntuit: boolean }>;
  /** Re-reads the company's CompanyInfo and Preferences now; its status after, and what changed. */
  refreshCompany(
    caller: Caller,
    realmId: string | undefined,
    requestId: string,
  ): Promise<{ status: ConnectionStatusData; changed: readonly string[] }>;
}

const ConnectionStatus = z.object({
  connected: z.boolean(),
  status: z.enum(["connected", "needs_reauthorization", "disconnected"]),
  realm_id: z.string().nullable(),
  company_name: z.string().nullable(),
  is_default: z.boolean(),
  access_token_expires_at: z.string().nullable(),
  refresh_token_expires_at: z.string().nullable(),
  refresh_token_hard_expires_at: z.string().nullable(),
  tracking: z.object({ class: z.boolean(), location: z.boolean() }),
  circuit: z.enum(["closed", "open", "half_open", "isolated"]),
  circuit_opened_at: z.string().nullable().openapi({
    description: "When the company's circuit breaker opened (QuickBooks kept failing); null while closed",
  }),
  circuit_retry_at: z.string().nullable().openapi({
    description: "When the open breaker lets a trial call through (half-open); null unless open",
  }),
  ready_for_sync: z.boolean(),
  last_error: z.object({ code: z.string(), message: z.string(), at: z.string().nullable() }).nullable()
    .openapi({
      description: "The latest failure: the one that opened the circuit while it is not closed, " +
        "otherwise the connection's last error",
    }),
  mapping_validation: MappingValidationOpenApi,
  tracking_problem: z.object({
    code: z.literal("TRACKING_NOT_SUPPORTED"),
    tracking: z.enum(["class", "location"]),
    quickbooks_switch: z.string().openapi({ example: "Track classes" }),
    message: z.string(),
  }).nullable().openapi({
    description:
      "The settings track properties (or units) with a feature the company has turned off in its " +
      "preferences (re-read at connect, before every sync and by POST /connections/refresh): the push refuses " +
      "with TRACKING_NOT_SUPPORTED and `ready_for_sync` is false until it is turned on in QuickBooks or the " +
      "settings change. Null when the push can track as configured.",
  }),
}).openapi("QuickBooksConnectionStatus");

const ConnectInput = z.object({
  return_url: z.string().min(1).max(2048).optional().openapi({
    description: "Where the OAuth callback sends the user's browser back to (303) with the outcome as " +
      "query parameters: `status=connected&realm_id=...`, `status=denied&code=OAUTH_ACCESS_DENIED` or " +
      "`status=failed&code=<error code>`. It must match an entry of the service's " +
      "`OAUTH_RETURN_URL_ALLOWLIST` (same scheme, host and port; path at or below the entry's path), " +
      "otherwise the request is refused with RETURN_URL_NOT_ALLOWED and no authorization is started. " +
      "Without it the callback answers JSON.",
    example: "https://app.estatecore.example/settings/integrations",
  }),
}).openapi("ConnectInput");

const RealmQuery = z.object({ realm_id: z.string().regex(/^\d{1,32}$/).optional() });
export function toStatusApi(view: ConnectionStatusData): z.infer<typeof ConnectionStatus> {
  return {
    connected: view.connected,
    status: view.status as z.infer<typeof ConnectionStatus>["status"],
    realm_id: view.realmId,
    company_name: view.companyName,
    is_default: view.isDefault,
    access_token_expires_at: view.accessTokenExpiresAt,
    refresh_token_expires_at: view.refreshTokenExpiresAt,
    refresh_token_hard_expires_at: view.refreshTokenHardExpiresAt,
    tracking: { class: view.classTrackingEnabled, location: view.locationTrackingEnabled },
    circuit: view.circuit as z.infer<typeof ConnectionStatus>["circuit"],
    circuit_opened_at: view.circuitOpenedAt,
    circuit_retry_at: view.circuitRetryAt,
    ready_for_sync: view.readyForSync,
    last_error: view.lastError,
    mapping_validation: view.mappingValidation,
    tracking_problem: view.trackingProblem
      ? {
        code: "TRACKING_NOT_SUPPORTED" as const,
        tracking: view.trackingProblem.tracking,
        quickbooks_switch: view.trackingProblem.quickbooksSwitch,
        message: view.trackingProblem.message,
      }
      : null,
  };
}

export { ConnectionStatus as ConnectionStatusSchema };

export function registerConnectionRoutes(api: ApiApp, services: ConnectionServices, now: () => Date): void {
  api.openapi(
    createRoute({
      method: "post",
      path: "/connect",
      tags: ["connections"],
      summary: "Start connecting a QuickBooks company (OAuth 2.0 authorization code flow)",
      description:
        "Returns the Intuit authorization URL to send the user to. The `state` in it is single-use, " +
        "expires after 10 minutes and is bound to the caller's organization and user, and to the " +
        "`return_url` when one is given (kept server-side; the callback never reads it from its query). " +
        "A `return_url` outside `OAUTH_RETURN_URL_ALLOWLIST` is 400 RETURN_URL_NOT_ALLOWED.",
      ...requires("connections:manage"),
      ...raises("RETURN_URL_NOT_ALLOWED"),
      request: {
        body: { required: false, content: { "application/json": { schema: ConnectInput } } },
      },
      responses: {
        200: {
          description: "Authorization URL",
          content: {
            "application/json": {
              schema: envelopeOf(
                z.object({ authorization_url: z.string().url(), expires_at: z.string() }).openapi(
                  "ConnectStarted",
                ),
              ),
            },
          },
        },
      },
    }),
    async (c) => {
      const caller = c.get("caller");
      const body = c.req.valid("json") as z.infer<typeof ConnectInput> | undefined;
      const started = await services.startConnection(caller, { returnUrl: body?.return_url });
      return c.json(
        successEnvelope({
          authorization_url: started.authorizationUrl,
          expires_at: started.expiresAt.toISOString(),
        }, now()),
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/status",
      tags: ["connections"],
      summary: "Status of a connected company (the default one unless realm_id is given)",
      description: "Without realm_id and without any connected company, answers `connected: false` " +
        "with `realm_id: null`; a realm_id the organization never connected is NOT_FOUND.",
      ...requires("connections:read"),
      request: { query: RealmQuery },
      responses: {
        200: {
          description: "Status",
          content: { "application/json": { schema: envelopeOf(ConnectionStatus) } },
        },
      },
    }),
    async (c) => {
      const { realm_id } = c.req.valid("query");
      const view = await services.connectionStatus(c.get("caller").orgId, realm_id);
      return c.json(successEnvelope(toStatusApi(view), now()), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/connections",
      tags: ["connections"],
      summary: "Every QuickBooks company the organization connected",
      ...requires("connections:read"),
      responses: {
        200: {
          description: "Connections",
          content: { "application/json": { schema: envelopeOf(z.array(ConnectionStatus)) } },
        },
      },
    }),
    async (c) => {
      const views = await services.listConnections(c.get("caller").orgId);
      return c.json(successEnvelope(views.map(toStatusApi), now()), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/connections/refresh",
      tags: ["connections"],
      summary: "Re-read the company's name and Class / Location tracking from QuickBooks now",
      ...raises("NOT_FOUND", ...QUICKBOOKS_CALL_ERRORS),
      description: "The company's preferences are also re-read at connect and before every sync. A change " +
        "is audited (`connection.company_profile_changed`); `changed` lists what differed. When the " +
        "settings now track with a feature the company turned off, `tracking_problem` says so.",
      ...requires("connections:manage"),
      request: {
        body: {
          required: false,
          content: {
            "application/json": {
              schema: z.strictObject({ realm_id: z.string().regex(/^\d{1,32}$/).optional() }).openapi(
                "RefreshCompanyInput",
              ),
            },
          },
        },
      },
      responses: {
        200: {
          description: "The connection after the re-read",
          content: {
            "application/json": {
              schema: envelopeOf(
                z.object({
                  changed: z.array(z.enum(["company_name", "class_tracking", "location_tracking"])),
                  connection: ConnectionStatus,
                }).openapi("CompanyRefreshed"),
              ),
            },
          },
        },
      },
    }),
    async (c) => {
      const body = c.req.valid("json") as { realm_id?: string } | undefined;
      const result = await services.refreshCompany(c.get("caller"), body?.realm_id, c.get("requestId"));
      return c.json(
        successEnvelope({
          changed: result.changed as ("company_name" | "class_tracking" | "location_tracking")[],
          connection: toStatusApi(result.status),
        }, now()),
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/disconnect",
      tags: ["connections"],
      summary: "Disconnect a company: revoke the tokens at Intuit and delete them here",
      ...requires("connections:manage"),
      request: {
        body: {
          required: false,
          content: {
            "application/json": {
              schema: z.object({ realm_id: z.string().regex(/^\d{1,32}$/).optional() }).openapi(
                "DisconnectInput",
              ),
            },
          },
        },
      },
      responses: {
        200: {
          description: "Disconnected",
          content: {
            "application/json": {
              schema: envelopeOf(
                z.object({ realm_id: z.string(), revoked_at_intuit: z.boolean() }).openapi("Disconnected"),
              ),
            },
          },
        },
      },
    }),
    async (c) => {
      const caller = c.get("caller");
      const body = c.req.valid("json") as { realm_id?: string } | undefined;
      const result = await services.disconnect(caller, body?.realm_id);
      return c.json(
        successEnvelope({ realm_id: result.realmId, revoked_at_intuit: result.revokedAtIntuit }, now()),
        200,
      );
    },
  );
}
