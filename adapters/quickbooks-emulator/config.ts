/**
 * Emulator configuration: one zod schema with development defaults, so `createEmulator({})` and
 * `deno task emulator` work on a fresh machine. Every value a real Intuit app registration holds
 * (client id/secret, redirect URIs, webhook verifier token, endpoints) lives here.
 */
import { z } from "zod";

/** An app registered with the emulated Intuit developer portal. */
export const RegisteredClientSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  /** Exact-match list, as Intuit's portal keeps it. */
  redirectUris: z.array(z.string().min(1)).min(1),
  appName: z.string().default("EstateCore (emulated)"),
});
export type RegisteredClient = z.infer<typeof RegisteredClientSchema>;

export const WebhookEndpointSchema = z.object({
  url: z.string().url(),
  /** `legacy` = `{"eventNotifications":[...]}`; `cloudevents` = the 2025 JSON array format. */
  format: z.enum(["legacy", "cloudevents"]).default("legacy"),
  /**
   * The `Content-Type` header the deliveries carry: a media type (any: receivers differ on what
   * Intuit sends, e.g. `application/cloudevents-batch+json`), `null` for no header at all, or
   * absent for the format's usual one (`application/json; charset=utf-8` for legacy,
   * `application/cloudevents+json; charset=utf-8` for CloudEvents).
   */
  contentType: z.string().regex(/^[\w.+-]+\/[\w.+-]+(\s*;.*)?$/, "a media type such as application/json")
    .nullable().optional(),
  /** Entity names to notify (as in the API, e.g. "Customer"); empty = all. */
  entities: z.array(z.string()).default([]),
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpointSchema>;

export const ThrottleConfigSchema = z.object({
  enabled: z.boolean().default(true),
  requestsPerMinutePerRealm: z.number().int().positive().default(500),
  requestsPerSecondPerRealmApp: z.number().int().positive().default(10),
  concurrentPerRealmApp: z.number().int().positive().default(10),
  batchPerMinutePerRealmApp: z.number().int().positive().default(40),
  batchPerMinutePerRealm: z.number().int().positive().default(120),
});
export type ThrottleConfig = z.infer<typeof ThrottleConfigSchema>;

export const TokenLifetimesSchema = z.object({
  accessTokenSeconds: z.number().int().positive().default(3600),
  /** Rolling refresh-token lifetime; every SDK mock says 8726400 (101 days). */
  refreshTokenSeconds: z.number().int().positive().default(8_726_400),
  /** The 2025 five-year hard cap, reported when the client asks for it. */
  refreshTokenHardSeconds: z.number().int().positive().default(157_680_000),
  authorizationCodeSeconds: z.number().int().positive().default(300),
  /** How long a superseded refresh token keeps working after rotation. */
  previousRefreshTokenGraceSeconds: z.number().int().nonnegative().default(86_400),
});
export type TokenLifetimes = z.infer<typeof TokenLifetimesSchema>;

export const WebhookConfigSchema = z.object({
  verifierToken: z.string().min(1).default("emulator-webhook-verifier-token"),
  endpoints: z.array(WebhookEndpointSchema).default([]),
  /** Changes closer together than this are sent in one delivery. */
  batchWindowMs: z.number().int().nonnegative().default(250),
  /** Multiplies QBO's retry delays (0 s, 10 s, ... 6 h); 0.001 turns 10 s into 10 ms. */
  retryTimeScale: z.number().nonnegative().default(1),
  /** Attempts per delivery before it is abandoned and the queue moves on. */
  maxAttempts: z.number().int().positive().default(20),
  /** As at Intuit, notify only realms with a live OAuth grant (connected to the app). */
  onlyConnectedRealms: z.boolean().default(true),
  /** Per-attempt HTTP timeout; QBO expects an answer within 3 s. */
  attemptTimeoutMs: z.number().int().positive().default(3000),
});
export type WebhookConfig = z.infer<typeof WebhookConfigSchema>;

export const ClockConfigSchema = z.object({
  /** `real`: wall time plus admin offsets; `frozen`: moves only when advanced (deterministic tests). */
  mode: z.enum(["real", "frozen"]).default("real"),
  /** Start instant (ISO-8601); defaults to the wall clock at creation. */
  start: z.string().datetime({ offset: true }).optional(),
});

export const EmulatorConfigSchema = z.object({
  /**
   * Public base URL (scheme, host, port and mount prefix, no trailing slash) written into the
   * discovery document and consent page. When absent, each request's origin plus `mountPath` is used.
   */
  baseUrl: z.string().url().optional(),
  /** Prefix the host app mounts the emulator under (e.g. "/emulator"), used when `baseUrl` is absent. */
  mountPath: z.string().regex(/^(\/[^/]+)*$/).default(""),
  /** Seed of every random value the emulator makes (tokens, ids, transaction ids). */
  seed: z.number().int().default(20_240_601),
  clients: z.array(RegisteredClientSchema).min(1).default([{
    clientId: "emulator-client-id",
    clientSecret: "emulator-client-secret",
    redirectUris: [
      "http://localhost:8787/api/quickbooks/oauth/callback",
      "http://127.0.0.1:8787/api/quickbooks/oauth/callback",
      "http://localhost:8787/api/v1/quickbooks/oauth/callback",
      "http://127.0.0.1:8787/api/v1/quickbooks/oauth/callback",
    ],
    appName: "EstateCore (emulated)",
  }]),
  /**
   * Companies created at start (and again on reset). Like Intuit's sample sandbox company (its
   * Preferences show ClassTrackingPerTxnLine and TrackDepartments on), they track classes per line
   * and locations unless told otherwise; a company created later through the admin API starts with
   * both off, as a brand-new QuickBooks company does.
   */
  companies: z.array(z.object({
    companyName: z.string().min(1),
    multiCurrency: z.boolean().optional(),
    classTracking: z.boolean().default(true),
    locationTracking: z.boolean().default(true),
  }))
    .default([
      { companyName: "Sandbox Company_US_1", classTracking: true, locationTracking: true },
    ]),
  /** Where the accounting core persists companies; absent = in memory. */
  dataFile: z.string().optional(),
  tokens: TokenLifetimesSchema.prefault({}),
  throttle: ThrottleConfigSchema.prefault({}),
  webhooks: WebhookConfigSchema.prefault({}),
  clock: ClockConfigSchema.prefault({}),
  /** The `/_emulator` admin API (faults, clock, companies); never enable it next to real Intuit. */
  adminEnabled: z.boolean().default(true),
  /**
   * The credential the admin API asks for (`Authorization: Bearer <token>` or
   * `X-Emulator-Admin-Token: <token>`); absent = a random one made at start (`Emulator.adminToken`).
   */
  adminToken: z.string().min(16, "at least 16 characters").optional(),
});

/** Fully defaulted emulator configuration. */
export type EmulatorConfig = z.infer<typeof EmulatorConfigSchema>;
/** What callers may pass: any subset, defaults fill the rest. */
export type EmulatorConfigInput = z.input<typeof EmulatorConfigSchema>;

/** Validates and defaults a configuration; throws zod's error on invalid input. */
export function parseEmulatorConfig(input: EmulatorConfigInput = {}): EmulatorConfig {
  return EmulatorConfigSchema.parse(input);
}

/** Environment variables `deno task emulator` reads; each maps onto one config field. */
export const EMULATOR_ENV = {
  port: "QBO_EMULATOR_PORT",
  hostname: "QBO_EMULATOR_HOSTNAME",
  baseUrl: "QBO_EMULATOR_BASE_URL",
  seed: "QBO_EMULATOR_SEED",
  clientId: "QBO_EMULATOR_CLIENT_ID",
  clientSecret: "QBO_EMULATOR_CLIENT_SECRET",
  redirectUris: "QBO_EMULATOR_REDIRECT_URIS",
  companyNames: "QBO_EMULATOR_COMPANY_NAMES",
  dataFile: "QBO_EMULATOR_DATA_FILE",
  throttle: "QBO_EMULATOR_THROTTLE",
  clockMode: "QBO_EMULATOR_CLOCK_MODE",
  admin: "QBO_EMULATOR_ADMIN",
  /** The admin API's credential; unset = a random one, printed at start. */
  adminToken: "QBO_EMULATOR_ADMIN_TOKEN",
  webhookUrls: "QBO_EMULATOR_WEBHOOK_URLS",
  webhookFormat: "QBO_EMULATOR_WEBHOOK_FORMAT",
  /** A media type, or `none` to send no Content-Type header. */
  webhookContentType: "QBO_EMULATOR_WEBHOOK_CONTENT_TYPE",
  webhookVerifierToken: "QBO_EMULATOR_WEBHOOK_VERIFIER_TOKEN",
  webhookRetryTimeScale: "QBO_EMULATOR_WEBHOOK_RETRY_TIME_SCALE",
} as const;

function list(value: string | undefined): string[] | undefined {
  const items = value?.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
  return items && items.length > 0 ? items : undefined;
}

function flag(value: string | undefined): boolean | undefined {
  if (value === undefined || value === "") return undefined;
  return !["false", "0", "no", "off"].includes(value.toLowerCase());
}

/** Builds the configuration from `QBO_EMULATOR_*` variables; unset ones keep the defaults. */
export function emulatorConfigFromEnv(env: Readonly<Record<string, string | undefined>>): EmulatorConfig {
  const defaults = parseEmulatorConfig({});
  const e = (key: keyof typeof EMULATOR_ENV) => {
    const value = env[EMULATOR_ENV[key]];
    return value === undefined || value === "" ? undefined : value;
  };
  const defaultClient = defaults.clients[0];
  const seed = e("seed");
  const scale = e("webhookRetryTimeScale");
  const format = e("webhookFormat");
  const contentType = e("webhookContentType");
  return parseEmulatorConfig({
    baseUrl: e("baseUrl"),
    seed: seed === undefined ? undefined : Number(seed),
    clients: [{
      clientId: e("clientId") ?? defaultClient.clientId,
      clientSecret: e("clientSecret") ?? defaultClient.clientSecret,
      redirectUris: list(e("redirectUris")) ?? defaultClient.redirectUris,
      appName: defaultClient.appName,
    }],
    companies: list(e("companyNames"))?.map((companyName) => ({ companyName })),
    dataFile: e("dataFile"),
    throttle: { enabled: flag(e("throttle")) },
    clock: { mode: e("clockMode") as "real" | "frozen" | undefined },
    adminEnabled: flag(e("admin")),
    adminToken: e("adminToken"),
    webhooks: {
      verifierToken: e("webhookVerifierToken"),
      retryTimeScale: scale === undefined ? undefined : Number(scale),
      endpoints: list(e("webhookUrls"))?.map((url) => ({
        url,
        format: format as "legacy" | "cloudevents" | undefined,
        ...(contentType === undefined ? {} : { contentType: contentType === "none" ? null : contentType }),
      })),
    },
  });
}
