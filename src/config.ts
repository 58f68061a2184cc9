import { createHmac } from "node:crypto";
import { z } from "zod";
import { parseReturnUrlAllowlist, type ReturnUrlAllowlist } from "../domain/access/return_url_allowlist.ts";
import type { IpAddresses, IpRange } from "../domain/ports/ip_addresses.ts";
import { parseRatePolicy, type RatePolicies, type RatePolicy } from "../domain/access/rate_limits.ts";
import { DomainError } from "../domain/errors.ts";
import type { HealthThresholds } from "../domain/health/health_thresholds.ts";
import { productionProblems } from "./config_production_rules.ts";

/**
 * Service configuration, parsed once from the environment at start-up. Every variable is
 * documented in `.env.example`. A wrong value stops the service with CONFIG_INVALID naming the
 * variable; nothing reads the environment anywhere else.
 */
const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

const EnvSchema = z.object({
  APP_ENV: z.enum(["development", "test", "production"]).default("development"),
  HOST: z.string().min(1).default("127.0.0.1"),
  TRUSTED_TLS_TERMINATION: bool.default(false),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  PUBLIC_BASE_URL: z.url().optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  DATABASE_URL: z.string().min(1).default("file:./data/estatecore.db").refine(
    (v) => /^(file:|:memory:$|libsql:\/\/|https?:\/\/|wss?:\/\/|postgres(ql)?:\/\/)/.test(v),
    "must start with file:, :memory:, libsql://, http(s)://, ws(s):// or postgres://",
  ),
  DATABASE_AUTH_TOKEN: z.string().optional(),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(256 * 1024 * 1024).default(16 * 1024 * 1024),
  AUTH_JWT_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  AUTH_JWKS_URL: z.url().optional(),
  AUTH_JWT_ISSUER: z.string().optional(),
  AUTH_JWT_AUDIENCE: z.string().optional(),
  QUICKBOOKS_MODE: z.enum(["emulator", "intuit"]).default("emulator"),
  QUICKBOOKS_ENVIRONMENT: z.enum(["sandbox", "production"]).default("sandbox"),
  QUICKBOOKS_CLIENT_ID: z.string().optional(),
  QUICKBOOKS_CLIENT_SECRET: z.string().optional(),
  QUICKBOOKS_REDIRECT_URI: z.url().optional(),
  QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN: z.string().optional(),
  TOKEN_ENCRYPTION_KEYS: z.string().optional(),
  AUDIT_SIGNING_KEYS: z.string().optional(),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).optional(),
  EMULATOR_STATE_FILE: z.string().default("./data/emulator-state.json"),
  EMULATOR_ADMIN_ENABLED: bool.optional(),
  EMULATOR_ADMIN_TOKEN: z.string().min(32, "must be at least 32 characters").optional(),
  DEVELOPMENT_SECRETS_DIR: z.string().min(1).optional(),
  OAUTH_RETURN_URL_ALLOWLIST: z.string().optional(),
  API_KEY_PEPPER: z.string().min(32, "must be at least 32 characters").optional(),
  METRICS_TOKEN: z.string().min(32, "must be at least 32 characters").optional(),
  METRICS_MAX_LABELLED_REALMS: z.coerce.number().int().min(0).max(10_000).default(100),
  TRUSTED_PROXIES: z.string().optional(),
  RATE_LIMITING: bool.default(true),
  RATE_LIMIT_ORGANIZATION: z.string().default("3000/60s:100"),
  RATE_LIMIT_PER_USER: z.string().default("600/60s:30"),
  RATE_LIMIT_PER_KEY: z.string().default("600/60s:30"),
  RATE_LIMIT_FAILED_AUTHENTICATION: z.string().default("30/60s:10"),
  RUN_WORKER: bool.default(true),
  WEBHOOK_ALLOW_PRIVATE_TARGETS: bool.optional(),
  WEBHOOK_ATTEMPT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  WEBHOOK_DISABLE_AFTER_DAYS: z.coerce.number().int().min(1).max(30).default(5),
  WORKER_ID: z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/, "1 to 100 letters, digits, '.', '_', ':' or '-'")
    .optional(),
});

export type Env = z.infer<typeof EnvSchema>;

/**
 * The integration health thresholds (GET /health/integration): each one's variable, default and
 * largest value. README.md, "Integration health", lists them; change a default there too.
 */
export const HEALTH_THRESHOLD_SETTINGS: {
  readonly [K in keyof HealthThresholds]: {
    readonly variable: string;
    readonly default: number;
    readonly max: number;
  };
} = {
  refreshTokenWarnDays: { variable: "HEALTH_REFRESH_TOKEN_WARN_DAYS", default: 14, max: 101 },
  refreshTokenHardWarnDays: { variable: "HEALTH_REFRESH_TOKEN_HARD_WARN_DAYS", default: 60, max: 1826 },
  refreshTokenHardCriticalDays: {
    variable: "HEALTH_REFRESH_TOKEN_HARD_CRITICAL_DAYS",
    default: 7,
    max: 1826,
  },
  apiMinCalls: { variable: "HEALTH_API_MIN_CALLS", default: 20, max: 1_000_000 },
  apiErrorRateWarn: { variable: "HEALTH_API_ERROR_RATE_WARN", default: 0.05, max: 1 },
  apiErrorRateCritical: { variable: "HEALTH_API_ERROR_RATE_CRITICAL", default: 0.25, max: 1 },
  apiThrottledWarn: { variable: "HEALTH_API_THROTTLED_WARN", default: 10, max: 1_000_000 },
  rateBudgetWarn: { variable: "HEALTH_RATE_BUDGET_WARN", default: 0.8, max: 1 },
  apiP95WarnMs: { variable: "HEALTH_API_P95_WARN_MS", default: 5000, max: 600_000 },
  backlogRecordsWarn: { variable: "HEALTH_BACKLOG_RECORDS_WARN", default: 500, max: 100_000_000 },
  pushStaleHours: { variable: "HEALTH_PUSH_STALE_HOURS", default: 26, max: 8760 },
  jobsQueuedWarn: { variable: "HEALTH_JOBS_QUEUED_WARN", default: 20, max: 1_000_000 },
  failingRecordsWarn: { variable: "HEALTH_FAILING_RECORDS_WARN", default: 1, max: 1_000_000 },
  openReviewsWarn: { variable: "HEALTH_OPEN_REVIEWS_WARN", default: 25, max: 1_000_000 },
  cdcCursorWarnHours: { variable: "HEALTH_CDC_CURSOR_WARN_HOURS", default: 26, max: 8760 },
  cdcCursorCriticalDays: { variable: "HEALTH_CDC_CURSOR_CRITICAL_DAYS", default: 25, max: 365 },
  webhookLagWarnMinutes: { variable: "HEALTH_WEBHOOK_LAG_WARN_MINUTES", default: 15, max: 100_000 },
  automationFailedRunsWarn: { variable: "HEALTH_AUTOMATION_FAILED_RUNS_WARN", default: 1, max: 1_000 },
  automationWindowHours: { variable: "HEALTH_AUTOMATION_WINDOW_HOURS", default: 24, max: 8760 },
  missedSlotGraceMinutes: { variable: "HEALTH_MISSED_SLOT_GRACE_MINUTES", default: 60, max: 100_000 },
  integrityWarnPercent: { variable: "HEALTH_INTEGRITY_WARN_PERCENT", default: 99, max: 100 },
  integrityCriticalPercent: { variable: "HEALTH_INTEGRITY_CRITICAL_PERCENT", default: 90, max: 100 },
  reconciliationStaleDays: { variable: "HEALTH_RECONCILIATION_STALE_DAYS", default: 35, max: 3650 },
  holdMinutes: { variable: "HEALTH_HOLD_MINUTES", default: 5, max: 10_080 },
  recoverMinutes: { variable: "HEALTH_RECOVER_MINUTES", default: 15, max: 10_080 },
};

/** How often the worker evaluates every organization's health (and records changes), in seconds. */
const HEALTH_EVALUATION_SECONDS = { variable: "HEALTH_EVALUATION_SECONDS", default: 300, max: 86_400 };

/** Each threshold from its variable (a number from 0 to its max), else its default; problems name the variable. */
function healthSettings(
  env: Record<string, string | undefined>,
  problems: Problems,
): { readonly thresholds: HealthThresholds; readonly evaluateEveryMs: number } {
  const read = (setting: { variable: string; default: number; max: number }) => {
    const raw = env[setting.variable];
    if (raw === undefined) return setting.default;
    const value = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(value) || value < 0 || value > setting.max) {
      problems.push({ variable: setting.variable, problem: `must be a number from 0 to ${setting.max}` });
      return setting.default;
    }
    return value;
  };
  const thresholds = Object.fromEntries(
    Object.entries(HEALTH_THRESHOLD_SETTINGS).map(([key, setting]) => [key, read(setting)]),
  ) as unknown as HealthThresholds;
  return Object.freeze({
    thresholds: Object.freeze(thresholds),
    evaluateEveryMs: read(HEALTH_EVALUATION_SECONDS) * 1000,
  });
}

/** JWT verification settings: a shared HS256 secret or a JWKS URL (RS256/ES256). */
export type AuthConfig =
  | { readonly kind: "hs256"; readonly secret: string; readonly issuer?: string; readonly audience?: string }
  | { readonly kind: "jwks"; readonly jwksUrl: string; readonly issuer?: string; readonly audience?: string };

export interface QuickBooksConfig {
  /** `emulator`: the built-in QBO emulator is mounted and used; `intuit`: real Intuit hosts. */
  readonly mode: "emulator" | "intuit";
  readonly environment: "sandbox" | "production";
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri: string;
  readonly webhookVerifierToken: string;
  /** Where the emulator is mounted inside this service (emulator mode only). */
  readonly emulatorPath: string;
  readonly emulatorStateFile: string;
  /**
   * The credential of the emulator's admin API (`/qbo-emulator/_emulator*`), or null when that API
   * is off (always in production, and in `intuit` mode the emulator is not mounted at all).
   */
  readonly emulatorAdminToken: string | null;
}

/**
 * Who this process's job worker is to the job queue. A worker that starts again under the identity
 * of a dead one takes that one's jobs back at once instead of waiting out their leases:
 * `fixed`: WORKER_ID (the operator keeps it distinct per worker, e.g. a StatefulSet pod name);
 * `slots`: the first free slot of a directory next to the file database (a lock held while the
 * process lives, so concurrent workers never share one, and a restart gets its slot back);
 * `ephemeral`: a new identity at every start (no file database and no WORKER_ID).
 */
export type WorkerIdentityConfig =
  | { readonly kind: "fixed"; readonly id: string }
  | { readonly kind: "slots"; readonly directory: string }
  | { readonly kind: "ephemeral" };

export interface Config {
  readonly env: Env["APP_ENV"];
  readonly host: string;
  readonly port: number;
  readonly publicBaseUrl: string;
  readonly logLevel: Env["LOG_LEVEL"];
  readonly databaseUrl: string;
  readonly databaseAuthToken?: string;
  readonly maxBodyBytes: number;
  readonly auth: AuthConfig;
  /** True when the auth secret is the generated development one (start-up prints a token signed with it). */
  readonly usingDevelopmentAuthSecret: boolean;
  /**
   * Where this run's development secrets are kept, and which variables were filled from them
   * (empty when every secret was configured, always in production).
   */
  readonly developmentSecrets: { readonly directory: string; readonly used: readonly string[] };
  /** TRUSTED_TLS_TERMINATION: a proxy in front terminates TLS (allows a wildcard HOST in production). */
  readonly trustedTlsTermination: boolean;
  readonly quickbooks: QuickBooksConfig;
  /** `kid:base64key` pairs, newest first (outside production, the development key when none is configured). */
  readonly tokenEncryptionKeys: readonly { kid: string; key: string }[];
  /**
   * Ed25519 seeds (`kid:base64 32 bytes`) that sign audit checkpoints, newest first; required in
   * production; outside it, one drawn from the development secrets when none is configured.
   */
  readonly auditSigningKeys: readonly { kid: string; key: string }[];
  /** Audit records older than this many days are pruned daily behind a signed anchor; null keeps all. */
  readonly auditRetentionDays: number | null;
  readonly runWorker: boolean;
  /**
   * Outbound webhooks (issue 17): https targets only in production; private, loopback and
   * link-local target addresses only when allowed (WEBHOOK_ALLOW_PRIVATE_TARGETS, default false in
   * production, true elsewhere); the time limit of one attempt; the days of failing deliveries
   * without a success after which an endpoint is disabled.
   */
  readonly webhooks: {
    readonly requireHttps: boolean;
    readonly allowPrivateTargets: boolean;
    readonly attemptTimeoutMs: number;
    readonly disableAfterDays: number;
  };
  readonly workerIdentity: WorkerIdentityConfig;
  /**
   * Where `POST /connect`'s `return_url` may send the user back to after the OAuth callback:
   * origins with optional path prefixes (domain/access/return_url_allowlist.ts); empty refuses all.
   */
  readonly oauthReturnUrlAllowlist: ReturnUrlAllowlist;
  /**
   * API keys: the server-side pepper their digests are keyed with (a database alone cannot check a
   * guess), and the prefix they are issued with (`eck_live_` in production, `eck_test_` elsewhere).
   */
  readonly apiKeys: { readonly pepper: string; readonly environment: "live" | "test" };
  /**
   * `GET /metrics`: the bearer token a Prometheus scraper presents (required in production; outside
   * it, drawn from the run's development secrets when not configured), and how many realms get a
   * label value of their own (first come); the rest are counted together as `other`.
   */
  readonly metrics: { readonly token: string; readonly maxLabelledRealms: number };
  /**
   * Proxies in front of the service (CIDR ranges) whose `X-Forwarded-For` is believed for the
   * client's address; empty: the address is the connection's own and the header is ignored.
   */
  readonly trustedProxies: readonly IpRange[];
  /**
   * Consumer rate limits of authenticated calls: whether they apply, and the service's policies,
   * which are also the most an organization or a key may set for itself.
   */
  readonly rateLimits: {
    readonly enabled: boolean;
    readonly defaults: RatePolicies;
    /** Failed authentications per client address before they are answered 429 instead of 401. */
    readonly failedAuthentication: RatePolicy;
  };
  /** Integration health: the published thresholds and how often the worker evaluates (HEALTH_*). */
  readonly health: { readonly thresholds: HealthThresholds; readonly evaluateEveryMs: number };
}

/**
 * Secrets a development or test run makes for itself (random, kept next to its database: see
 * `developmentSecretsLocation`), used for every secret that is not configured. Never in production.
 */
export interface DevelopmentSecrets {
  readonly jwtSecret: string;
  /** One key ring entry, `kid:base64` of 32 bytes. */
  readonly tokenEncryptionKey: string;
  /** The client secret the built-in emulator registers and the service authenticates with. */
  readonly quickbooksClientSecret: string;
  readonly webhookVerifierToken: string;
  readonly emulatorAdminToken: string;
}

const EMULATOR_PATH = "/qbo-emulator";
const EMULATOR_CLIENT_ID = "emulator-client-id";

type Problems = { variable: string; problem: string }[];

/**
 * Where the development secrets of a run on `env` are kept: DEVELOPMENT_SECRETS_DIR, else beside a
 * `file:` database (`file:./data/estatecore.db` -> `./data/estatecore.db.secrets`), else
 * `./data/development-secrets`; and whether the run needs them made (outside production, when a
 * secret is not configured). In production they are only read, so that a configured value equal
 * to one of them is refused.
 *
 * @example
 * ```ts
 * developmentSecretsLocation({}); // { directory: "./data/estatecore.db.secrets", create: true }
 * ```
 */
export function developmentSecretsLocation(
  env: Record<string, string | undefined>,
): { directory: string; create: boolean } {
  const value = (name: string) => (env[name] === undefined || env[name] === "" ? undefined : env[name]);
  const databaseUrl = value("DATABASE_URL") ?? "file:./data/estatecore.db";
  const databaseFile = fileDatabasePath(databaseUrl);
  const directory = value("DEVELOPMENT_SECRETS_DIR") ??
    (databaseFile === null ? "./data/development-secrets" : `${databaseFile}.secrets`);
  const production = value("APP_ENV") === "production";
  const missing = (!value("AUTH_JWT_SECRET") && !value("AUTH_JWKS_URL")) || !value("TOKEN_ENCRYPTION_KEYS") ||
    !value("QUICKBOOKS_CLIENT_SECRET") || !value("QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN") ||
    !value("EMULATOR_ADMIN_TOKEN") || !value("API_KEY_PEPPER") || !value("AUDIT_SIGNING_KEYS") ||
    !value("METRICS_TOKEN");
  return { directory, create: !production && missing };
}

/**
 * Parses the environment into a frozen Config. Outside production, a secret that is not configured
 * comes from `development` (the run's generated secrets); without them it is a CONFIG_INVALID.
 * In production every secret must be configured, long enough, and none may be a retired built-in
 * one or equal one of `development` (they sit in a file next to the database); a wildcard HOST
 * needs TRUSTED_TLS_TERMINATION, and the emulator's admin API stays off.
 * @throws DomainError CONFIG_INVALID naming every wrong variable.
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  development: DevelopmentSecrets | undefined,
  /** Parses TRUSTED_PROXIES (ipaddr.js at the edge: adapters/http/ip_addresses.ts). */
  addresses: Pick<IpAddresses, "parseRanges">,
): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => ({
      variable: String(i.path[0] ?? ""),
      problem: i.message,
    }));
    throw new DomainError(
      "CONFIG_INVALID",
      `Invalid configuration: ${problems.map((p) => `${p.variable}: ${p.problem}`).join("; ")}`,
      { problems },
    );
  }
  const e = parsed.data;
  const problems: Problems = [];
  const production = e.APP_ENV === "production";
  const usedDevelopment: string[] = [];
  /** A configured secret, else (outside production) the development one, else a problem. */
  const secret = (variable: string, configured: string | undefined, generated: string | undefined) => {
    if (configured !== undefined) return configured;
    if (production) {
      problems.push({ variable, problem: "required in production" });
      return "";
    }
    if (generated === undefined) {
      problems.push({ variable, problem: "not set, and no development secrets were loaded" });
      return "";
    }
    usedDevelopment.push(variable);
    return generated;
  };
  const publicBaseUrl = (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, "");

  let auth: AuthConfig;
  let usingDevelopmentAuthSecret = false;
  if (e.AUTH_JWKS_URL) {
    auth = {
      kind: "jwks",
      jwksUrl: e.AUTH_JWKS_URL,
      issuer: e.AUTH_JWT_ISSUER,
      audience: e.AUTH_JWT_AUDIENCE,
    };
  } else if (e.AUTH_JWT_SECRET) {
    auth = {
      kind: "hs256",
      secret: e.AUTH_JWT_SECRET,
      issuer: e.AUTH_JWT_ISSUER,
      audience: e.AUTH_JWT_AUDIENCE,
    };
  } else if (production) {
    problems.push({ variable: "AUTH_JWT_SECRET", problem: "required in production (or set AUTH_JWKS_URL)" });
    auth = { kind: "hs256", secret: "" };
  } else {
    usingDevelopmentAuthSecret = development !== undefined;
    auth = {
      kind: "hs256",
      secret: secret("AUTH_JWT_SECRET", undefined, development?.jwtSecret),
      issuer: e.AUTH_JWT_ISSUER,
      audience: e.AUTH_JWT_AUDIENCE,
    };
  }

  const emulator = e.QUICKBOOKS_MODE === "emulator";
  if (!emulator) {
    for (
      const v of ["QUICKBOOKS_CLIENT_ID", "QUICKBOOKS_CLIENT_SECRET", "QUICKBOOKS_REDIRECT_URI"] as const
    ) {
      if (!e[v]) problems.push({ variable: v, problem: "required when QUICKBOOKS_MODE=intuit" });
    }
    if (e.QUICKBOOKS_REDIRECT_URI && !e.QUICKBOOKS_REDIRECT_URI.startsWith("https://")) {
      problems.push({
        variable: "QUICKBOOKS_REDIRECT_URI",
        problem: "Intuit requires an https redirect URI",
      });
    }
  }
  const tokenEncryptionKeys = parseKeyRing(
    secret("TOKEN_ENCRYPTION_KEYS", e.TOKEN_ENCRYPTION_KEYS, development?.tokenEncryptionKey),
    problems,
  );
  // In intuit mode the secret is Intuit's (required above); in emulator mode the emulator registers it.
  const clientSecret = emulator
    ? secret("QUICKBOOKS_CLIENT_SECRET", e.QUICKBOOKS_CLIENT_SECRET, development?.quickbooksClientSecret)
    : e.QUICKBOOKS_CLIENT_SECRET ?? "";
  const webhookVerifierToken = secret(
    "QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN",
    e.QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN,
    development?.webhookVerifierToken,
  );
  // Never on in production (productionProblems refuses asking for it), off in intuit mode.
  const emulatorAdminEnabled = emulator && !production && (e.EMULATOR_ADMIN_ENABLED ?? true);
  const emulatorAdminToken = emulatorAdminEnabled
    ? secret("EMULATOR_ADMIN_TOKEN", e.EMULATOR_ADMIN_TOKEN, development?.emulatorAdminToken)
    : null;
  if (production) {
    problems.push(...productionProblems({
      host: e.HOST,
      trustedTlsTermination: e.TRUSTED_TLS_TERMINATION,
      emulatorAdminEnabled: e.EMULATOR_ADMIN_ENABLED,
      jwtSecret: e.AUTH_JWT_SECRET,
      clientSecret: e.QUICKBOOKS_CLIENT_SECRET,
      webhookVerifierToken: e.QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN,
      tokenEncryptionKeys,
    }, development));
  }
  if (production && !e.AUDIT_SIGNING_KEYS) {
    problems.push({ variable: "AUDIT_SIGNING_KEYS", problem: "required in production" });
  }
  // Outside production without a ring, one key drawn from the run's own generated secrets: stable
  // across restarts on the same data (checkpoints keep verifying), unknown to anyone without them.
  const developmentAuditKey = !production && development
    ? `dev-audit:${
      createHmac("sha256", development.jwtSecret).update("estatecore audit checkpoints").digest("base64")
    }`
    : undefined;
  // The API key pepper outside production, drawn from the run's secrets the same way.
  const developmentApiKeyPepper = !production && development
    ? createHmac("sha256", development.jwtSecret).update("estatecore api key pepper").digest("base64")
    : undefined;
  const apiKeyPepper = secret("API_KEY_PEPPER", e.API_KEY_PEPPER, developmentApiKeyPepper);
  // The metrics scrape token outside production, drawn from the run's secrets the same way.
  const developmentMetricsToken = !production && development
    ? createHmac("sha256", development.jwtSecret).update("estatecore metrics token").digest("base64url")
    : undefined;
  const metricsToken = secret("METRICS_TOKEN", e.METRICS_TOKEN, developmentMetricsToken);
  const auditSigningKeys = parseKeyRing(
    e.AUDIT_SIGNING_KEYS ?? developmentAuditKey,
    problems,
    "AUDIT_SIGNING_KEYS",
  );
  const proxies = addresses.parseRanges(
    (e.TRUSTED_PROXIES ?? "").split(",").map((entry) => entry.trim()).filter(Boolean),
  );
  for (const problem of proxies.problems) {
    problems.push({ variable: "TRUSTED_PROXIES", problem: `${problem.value}: ${problem.problem}` });
  }
  const policy = (
    variable:
      | "RATE_LIMIT_ORGANIZATION"
      | "RATE_LIMIT_PER_USER"
      | "RATE_LIMIT_PER_KEY"
      | "RATE_LIMIT_FAILED_AUTHENTICATION",
  ) => {
    const parsed = parseRatePolicy(e[variable]);
    if (parsed === null) {
      problems.push({
        variable,
        problem: "must be <limit>/<window seconds>s:<burst per second>, e.g. 600/60s:30",
      });
    }
    return parsed ?? { limit: 1, window_seconds: 1, burst: 1 };
  };
  const ratePolicies: RatePolicies = {
    organization: policy("RATE_LIMIT_ORGANIZATION"),
    perUser: policy("RATE_LIMIT_PER_USER"),
    perKey: policy("RATE_LIMIT_PER_KEY"),
  };
  const returnUrls = parseReturnUrlAllowlist(e.OAUTH_RETURN_URL_ALLOWLIST, {
    allowLoopbackHttp: !production,
  });
  for (const problem of returnUrls.problems) {
    problems.push({ variable: "OAUTH_RETURN_URL_ALLOWLIST", problem });
  }
  const health = healthSettings(cleaned, problems);
  if (problems.length > 0) {
    throw new DomainError(
      "CONFIG_INVALID",
      `Invalid configuration: ${problems.map((p) => `${p.variable}: ${p.problem}`).join("; ")}`,
      { problems },
    );
  }

  return Object.freeze({
    env: e.APP_ENV,
    host: e.HOST,
    port: e.PORT,
    publicBaseUrl,
    logLevel: e.LOG_LEVEL,
    databaseUrl: e.DATABASE_URL,
    databaseAuthToken: e.DATABASE_AUTH_TOKEN,
    maxBodyBytes: e.MAX_BODY_BYTES,
    auth: Object.freeze(auth),
    usingDevelopmentAuthSecret,
    developmentSecrets: Object.freeze({
      directory: developmentSecretsLocation(env).directory,
      used: Object.freeze(usedDevelopment),
    }),
    trustedTlsTermination: e.TRUSTED_TLS_TERMINATION,
    quickbooks: Object.freeze({
      mode: e.QUICKBOOKS_MODE,
      environment: e.QUICKBOOKS_ENVIRONMENT,
      clientId: e.QUICKBOOKS_CLIENT_ID ?? EMULATOR_CLIENT_ID,
      clientSecret,
      redirectUri: e.QUICKBOOKS_REDIRECT_URI ?? `${publicBaseUrl}/api/quickbooks/oauth/callback`,
      webhookVerifierToken,
      emulatorPath: EMULATOR_PATH,
      emulatorStateFile: e.EMULATOR_STATE_FILE,
      emulatorAdminToken,
    }),
    tokenEncryptionKeys,
    auditSigningKeys,
    auditRetentionDays: e.AUDIT_RETENTION_DAYS ?? null,
    runWorker: e.RUN_WORKER,
    webhooks: Object.freeze({
      requireHttps: e.APP_ENV === "production",
      allowPrivateTargets: e.WEBHOOK_ALLOW_PRIVATE_TARGETS ?? e.APP_ENV !== "production",
      attemptTimeoutMs: e.WEBHOOK_ATTEMPT_TIMEOUT_MS,
      disableAfterDays: e.WEBHOOK_DISABLE_AFTER_DAYS,
    }),
    workerIdentity: Object.freeze(workerIdentityOf(e.WORKER_ID, e.DATABASE_URL)),
    oauthReturnUrlAllowlist: Object.freeze(returnUrls.rules.map((rule) => Object.freeze(rule))),
    apiKeys: Object.freeze({
      pepper: apiKeyPepper,
      environment: e.APP_ENV === "production" ? "live" as const : "test" as const,
    }),
    metrics: Object.freeze({ token: metricsToken, maxLabelledRealms: e.METRICS_MAX_LABELLED_REALMS }),
    trustedProxies: Object.freeze([...proxies.ranges]),
    rateLimits: Object.freeze({
      enabled: e.RATE_LIMITING,
      defaults: Object.freeze(ratePolicies),
      failedAuthentication: Object.freeze(policy("RATE_LIMIT_FAILED_AUTHENTICATION")),
    }),
    health,
  });
}

/** The path of a `file:` database (`file:./data/x.db` -> `./data/x.db`), else null. */
function fileDatabasePath(databaseUrl: string): string | null {
  if (!databaseUrl.startsWith("file:")) return null;
  const rest = databaseUrl.slice("file:".length);
  return rest.startsWith("//") ? decodeURIComponent(new URL(databaseUrl).pathname) : rest.split("?")[0];
}

/** WORKER_ID, else worker slots next to a `file:` database (`file:./data/x.db` -> `./data/x.db.workers`). */
function workerIdentityOf(workerId: string | undefined, databaseUrl: string): WorkerIdentityConfig {
  if (workerId) return { kind: "fixed", id: workerId };
  const path = fileDatabasePath(databaseUrl);
  return path === null ? { kind: "ephemeral" } : { kind: "slots", directory: `${path}.workers` };
}

function parseKeyRing(
  raw: string | undefined,
  problems: Problems,
  variable = "TOKEN_ENCRYPTION_KEYS",
): { kid: string; key: string }[] {
  if (!raw) return [];
  const keys = raw.split(",").map((pair) => pair.trim()).filter(Boolean).map((pair) => {
    const i = pair.indexOf(":");
    return { kid: i > 0 ? pair.slice(0, i) : "", key: i > 0 ? pair.slice(i + 1) : "" };
  });
  for (const k of keys) {
    let bytes = 0;
    try {
      bytes = atob(k.key.replace(/-/g, "+").replace(/_/g, "/")).length;
    } catch {
      bytes = 0;
    }
    if (!k.kid || bytes !== 32) {
      problems.push({
        variable,
        problem: "each entry must be kid:base64 of exactly 32 bytes, comma-separated",
      });
      break;
    }
  }
  return keys;
}
