import { z } from "zod";
import { parseReturnUrlAllowlist, type ReturnUrlAllowlist } from "../domain/access/return_url_allowlist.ts";
import { type IpRange, parseIpRanges } from "../domain/access/ip_ranges.ts";
import { parseRatePolicy, type RatePolicies, type RatePolicy } from "../domain/access/rate_limits.ts";
import { DomainError } from "../domain/errors.ts";

/**
 * Service configuration, parsed once from the environment at start-up. Every variable is
 * documented in `.env.example`. A wrong value stops the service with CONFIG_INVALID naming the
 * variable; nothing reads the environment anywhere else.
 */
const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

const EnvSchema = z.object({
  APP_ENV: z.enum(["development", "test", "production"]).default("development"),
  HOST: z.string().min(1).default("0.0.0.0"),
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
  EMULATOR_STATE_FILE: z.string().default("./data/emulator-state.json"),
  OAUTH_RETURN_URL_ALLOWLIST: z.string().optional(),
  API_KEY_PEPPER: z.string().min(32, "must be at least 32 characters").optional(),
  TRUSTED_PROXIES: z.string().optional(),
  RATE_LIMITING: bool.default(true),
  RATE_LIMIT_ORGANIZATION: z.string().default("3000/60s:100"),
  RATE_LIMIT_PER_USER: z.string().default("600/60s:30"),
  RATE_LIMIT_PER_KEY: z.string().default("600/60s:30"),
  RATE_LIMIT_FAILED_AUTHENTICATION: z.string().default("30/60s:10"),
  RUN_WORKER: bool.default(true),
  WORKER_ID: z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/, "1 to 100 letters, digits, '.', '_', ':' or '-'")
    .optional(),
});

export type Env = z.infer<typeof EnvSchema>;

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
  /** True when the auth secret is the built-in development one (start-up says so loudly). */
  readonly usingDevelopmentAuthSecret: boolean;
  readonly quickbooks: QuickBooksConfig;
  /** `kid:base64key` pairs, newest first; empty means a development key is derived. */
  readonly tokenEncryptionKeys: readonly { kid: string; key: string }[];
  readonly runWorker: boolean;
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
}

/** The well-known development pepper of API key digests: only used outside production. */
export const DEVELOPMENT_API_KEY_PEPPER = "development-only-api-key-pepper-not-for-production";

/** The well-known development secret: only accepted outside production. */
export const DEVELOPMENT_JWT_SECRET = "development-only-secret-do-not-use-in-production!";
const EMULATOR_PATH = "/qbo-emulator";
const EMULATOR_CLIENT = {
  id: "emulator-client-id",
  secret: "emulator-client-secret",
  verifier: "emulator-verifier-token",
};

/**
 * Parses the environment into a frozen Config.
 * @throws DomainError CONFIG_INVALID naming every wrong variable.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
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
  const problems: { variable: string; problem: string }[] = [];
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
  } else if (e.APP_ENV === "production") {
    problems.push({ variable: "AUTH_JWT_SECRET", problem: "required in production (or set AUTH_JWKS_URL)" });
    auth = { kind: "hs256", secret: "" };
  } else {
    usingDevelopmentAuthSecret = true;
    auth = {
      kind: "hs256",
      secret: DEVELOPMENT_JWT_SECRET,
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
  if (e.APP_ENV === "production" && !e.TOKEN_ENCRYPTION_KEYS) {
    problems.push({ variable: "TOKEN_ENCRYPTION_KEYS", problem: "required in production" });
  }
  const tokenEncryptionKeys = parseKeyRing(e.TOKEN_ENCRYPTION_KEYS, problems);
  if (e.APP_ENV === "production" && !e.API_KEY_PEPPER) {
    problems.push({ variable: "API_KEY_PEPPER", problem: "required in production" });
  }
  const proxies = parseIpRanges(
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
    allowLoopbackHttp: e.APP_ENV !== "production",
  });
  for (const problem of returnUrls.problems) {
    problems.push({ variable: "OAUTH_RETURN_URL_ALLOWLIST", problem });
  }
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
    quickbooks: Object.freeze({
      mode: e.QUICKBOOKS_MODE,
      environment: e.QUICKBOOKS_ENVIRONMENT,
      clientId: e.QUICKBOOKS_CLIENT_ID ?? EMULATOR_CLIENT.id,
      clientSecret: e.QUICKBOOKS_CLIENT_SECRET ?? EMULATOR_CLIENT.secret,
      redirectUri: e.QUICKBOOKS_REDIRECT_URI ?? `${publicBaseUrl}/api/quickbooks/oauth/callback`,
      webhookVerifierToken: e.QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN ?? EMULATOR_CLIENT.verifier,
      emulatorPath: EMULATOR_PATH,
      emulatorStateFile: e.EMULATOR_STATE_FILE,
    }),
    tokenEncryptionKeys,
    runWorker: e.RUN_WORKER,
    workerIdentity: Object.freeze(workerIdentityOf(e.WORKER_ID, e.DATABASE_URL)),
    oauthReturnUrlAllowlist: Object.freeze(returnUrls.rules.map((rule) => Object.freeze(rule))),
    apiKeys: Object.freeze({
      pepper: e.API_KEY_PEPPER ?? DEVELOPMENT_API_KEY_PEPPER,
      environment: e.APP_ENV === "production" ? "live" as const : "test" as const,
    }),
    trustedProxies: Object.freeze([...proxies.ranges]),
    rateLimits: Object.freeze({
      enabled: e.RATE_LIMITING,
      defaults: Object.freeze(ratePolicies),
      failedAuthentication: Object.freeze(policy("RATE_LIMIT_FAILED_AUTHENTICATION")),
    }),
  });
}

/** WORKER_ID, else worker slots next to a `file:` database (`file:./data/x.db` -> `./data/x.db.workers`). */
function workerIdentityOf(workerId: string | undefined, databaseUrl: string): WorkerIdentityConfig {
  if (workerId) return { kind: "fixed", id: workerId };
  if (!databaseUrl.startsWith("file:")) return { kind: "ephemeral" };
  const rest = databaseUrl.slice("file:".length);
  const path = rest.startsWith("//") ? decodeURIComponent(new URL(databaseUrl).pathname) : rest.split("?")[0];
  return { kind: "slots", directory: `${path}.workers` };
}

function parseKeyRing(
  raw: string | undefined,
  problems: { variable: string; problem: string }[],
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
        variable: "TOKEN_ENCRYPTION_KEYS",
        problem: "each entry must be kid:base64 of exactly 32 bytes, comma-separated",
      });
      break;
    }
  }
  return keys;
}
