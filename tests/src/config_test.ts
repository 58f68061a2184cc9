import assert from "node:assert/strict";
import { type DevelopmentSecrets, developmentSecretsLocation, loadConfig as load } from "../../src/config.ts";
import { DomainError } from "../../domain/errors.ts";
import { ipAddresses } from "../../adapters/http/ip_addresses.ts";

const bytes32 = (fill: number) => btoa(String.fromCharCode(...new Uint8Array(32).fill(fill)));

/** A run's generated development secrets, as configFromEnv would load them. */
const DEV: DevelopmentSecrets = {
  jwtSecret: "generated-jwt-secret-0123456789abcdefghijk",
  tokenEncryptionKey: `dev-0a1b2c3d:${bytes32(9)}`,
  quickbooksClientSecret: "generated-client-secret-0123456789abcdefg",
  webhookVerifierToken: "generated-verifier-token-0123456789abcdef",
  emulatorAdminToken: "generated-admin-token-0123456789abcdefghij",
};

/** Configuration as an entry point loads it: missing secrets come from the development ones. */
function loadConfig(env: Record<string, string>, development: DevelopmentSecrets | null = DEV) {
  return load(env, development ?? undefined, ipAddresses);
}

function configError(
  env: Record<string, string>,
  development: DevelopmentSecrets | null = DEV,
): DomainError {
  try {
    loadConfig(env, development);
  } catch (error) {
    assert.ok(error instanceof DomainError);
    return error;
  }
  throw new Error("expected loadConfig to throw");
}

Deno.test("loadConfig defaults: libSQL file under ./data, emulator mode, loopback port 8787, generated dev secrets", () => {
  const c = loadConfig({});
  assert.equal(c.databaseUrl, "file:./data/estatecore.db");
  assert.equal(c.host, "127.0.0.1", "loopback unless HOST says otherwise");
  assert.equal(c.port, 8787);
  assert.equal(c.quickbooks.mode, "emulator");
  assert.equal(c.quickbooks.redirectUri, "http://localhost:8787/api/quickbooks/oauth/callback");
  assert.equal(c.usingDevelopmentAuthSecret, true);
  assert.deepEqual(c.auth, {
    kind: "hs256",
    secret: DEV.jwtSecret,
    issuer: undefined,
    audience: undefined,
  });
  assert.deepEqual(c.tokenEncryptionKeys, [{ kid: "dev-0a1b2c3d", key: bytes32(9) }]);
  assert.equal(c.quickbooks.clientSecret, DEV.quickbooksClientSecret);
  assert.equal(c.quickbooks.webhookVerifierToken, DEV.webhookVerifierToken);
  assert.equal(c.quickbooks.emulatorAdminToken, DEV.emulatorAdminToken);
  assert.deepEqual(c.developmentSecrets, {
    directory: "./data/estatecore.db.secrets",
    used: [
      "AUTH_JWT_SECRET",
      "TOKEN_ENCRYPTION_KEYS",
      "QUICKBOOKS_CLIENT_SECRET",
      "QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN",
      "EMULATOR_ADMIN_TOKEN",
      "API_KEY_PEPPER",
      "METRICS_TOKEN",
    ],
  });
  assert.equal(c.trustedTlsTermination, false);
  assert.ok(Object.isFrozen(c));
});

Deno.test("loadConfig takes configured secrets over the generated ones, and names the variables it filled", () => {
  const c = loadConfig({
    AUTH_JWT_SECRET: "c".repeat(40),
    QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN: "configured-verifier",
    EMULATOR_ADMIN_TOKEN: "a".repeat(32),
  });
  assert.equal(c.usingDevelopmentAuthSecret, false);
  assert.equal(c.quickbooks.webhookVerifierToken, "configured-verifier");
  assert.equal(c.quickbooks.emulatorAdminToken, "a".repeat(32));
  assert.deepEqual(c.developmentSecrets.used, [
    "TOKEN_ENCRYPTION_KEYS",
    "QUICKBOOKS_CLIENT_SECRET",
    "API_KEY_PEPPER",
    "METRICS_TOKEN",
  ]);
  assert.equal(loadConfig({ EMULATOR_ADMIN_ENABLED: "false" }).quickbooks.emulatorAdminToken, null);
  assert.deepEqual(
    (configError({ EMULATOR_ADMIN_TOKEN: "short" }).details.problems as { variable: string }[]).map((p) =>
      p.variable
    ),
    ["EMULATOR_ADMIN_TOKEN"],
    "an admin token shorter than 32 characters is refused",
  );
});

Deno.test("loadConfig has no built-in secret: outside production, an unset one without development secrets is CONFIG_INVALID", () => {
  const e = configError({}, null);
  assert.deepEqual((e.details.problems as { variable: string }[]).map((p) => p.variable), [
    "AUTH_JWT_SECRET",
    "TOKEN_ENCRYPTION_KEYS",
    "QUICKBOOKS_CLIENT_SECRET",
    "QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN",
    "EMULATOR_ADMIN_TOKEN",
    "API_KEY_PEPPER",
    "METRICS_TOKEN",
  ]);
  assert.match(e.message, /no development secrets were loaded/);
});

Deno.test("loadConfig names the wrong variable with CONFIG_INVALID", () => {
  const e = configError({ PORT: "eighty" });
  assert.equal(e.code, "CONFIG_INVALID");
  assert.deepEqual((e.details.problems as { variable: string }[]).map((p) => p.variable), ["PORT"]);
  assert.match(e.message, /PORT/);

  assert.deepEqual(
    (configError({ DATABASE_URL: "mysql://x" }).details.problems as { variable: string }[]).map((p) =>
      p.variable
    ),
    ["DATABASE_URL"],
  );
  assert.deepEqual(
    (configError({ LOG_LEVEL: "loud", AUTH_JWT_SECRET: "short" }).details.problems as { variable: string }[])
      .map((p) => p.variable).sort(),
    ["AUTH_JWT_SECRET", "LOG_LEVEL"],
  );
});

Deno.test("loadConfig refuses production without secrets (development ones are never used there) and intuit mode without credentials", () => {
  const prod = configError({ APP_ENV: "production" });
  assert.deepEqual(
    (prod.details.problems as { variable: string }[]).map((p) => p.variable).sort(),
    [
      "API_KEY_PEPPER",
      "AUDIT_SIGNING_KEYS",
      "AUTH_JWT_SECRET",
      "METRICS_TOKEN",
      "QUICKBOOKS_CLIENT_SECRET",
      "QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN",
      "TOKEN_ENCRYPTION_KEYS",
    ],
  );
  const intuit = configError({
    QUICKBOOKS_MODE: "intuit",
    QUICKBOOKS_REDIRECT_URI: "http://example.test/cb",
  });
  assert.deepEqual(
    (intuit.details.problems as { variable: string }[]).map((p) => p.variable).sort(),
    ["QUICKBOOKS_CLIENT_ID", "QUICKBOOKS_CLIENT_SECRET", "QUICKBOOKS_REDIRECT_URI"],
  );
});

/** A production configuration start-up accepts; each test below breaks one thing of it. */
const PRODUCTION: Record<string, string> = {
  APP_ENV: "production",
  AUTH_JWT_SECRET: "x".repeat(40),
  TOKEN_ENCRYPTION_KEYS: `k1:${bytes32(7)}`,
  AUDIT_SIGNING_KEYS: `a1:${bytes32(5)}`,
  API_KEY_PEPPER: "p".repeat(40),
  METRICS_TOKEN: "m".repeat(40),
  QUICKBOOKS_MODE: "intuit",
  QUICKBOOKS_CLIENT_ID: "ABcd1234",
  QUICKBOOKS_CLIENT_SECRET: "intuit-client-secret-0123456789abcdefghij",
  QUICKBOOKS_REDIRECT_URI: "https://estatecore.example/api/quickbooks/oauth/callback",
  QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN: "e8ffdd6d-a65d-4cc0-8b26-52b2b43cb38c",
};

function productionProblems(env: Record<string, string>, development: DevelopmentSecrets | null = null) {
  return (configError({ ...PRODUCTION, ...env }, development).details.problems as {
    variable: string;
    problem: string;
  }[]);
}

Deno.test("loadConfig accepts a production configuration with its own secrets, on loopback, admin API off", () => {
  const c = loadConfig(PRODUCTION, DEV);
  assert.equal(c.host, "127.0.0.1");
  assert.deepEqual(c.developmentSecrets.used, []);
  assert.equal(c.usingDevelopmentAuthSecret, false);
  assert.equal(c.quickbooks.emulatorAdminToken, null);
  const emulated = loadConfig({ ...PRODUCTION, QUICKBOOKS_MODE: "emulator" }, DEV);
  assert.equal(emulated.quickbooks.emulatorAdminToken, null, "the emulator's admin API is off in production");
});

Deno.test("loadConfig refuses in production each secret that was once built in", () => {
  const cases: [string, string][] = [
    ["AUTH_JWT_SECRET", "development-only-secret-do-not-use-in-production!"],
    ["QUICKBOOKS_CLIENT_SECRET", "emulator-client-secret"],
    ["QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN", "emulator-verifier-token"],
    ["QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN", "emulator-webhook-verifier-token"],
    // base64(SHA-256("estatecore-development-token-key")), spelled both ways, anywhere in the ring.
    ["TOKEN_ENCRYPTION_KEYS", "dev:GVw7Yva+QQ3U3eG2cxxD5kGMMasJnISITtZuXL//bLs="],
    ["TOKEN_ENCRYPTION_KEYS", `new:${bytes32(7)},old:GVw7Yva-QQ3U3eG2cxxD5kGMMasJnISITtZuXL__bLs`],
  ];
  for (const [variable, value] of cases) {
    const problems = productionProblems({ [variable]: value });
    assert.deepEqual(problems.map((p) => p.variable), [variable], value);
    assert.match(problems[0].problem, /anyone can (know|derive)/, value);
  }
});

Deno.test("loadConfig refuses in production each secret equal to this machine's generated development secrets", () => {
  const cases: [string, string][] = [
    ["AUTH_JWT_SECRET", DEV.jwtSecret],
    ["QUICKBOOKS_CLIENT_SECRET", DEV.quickbooksClientSecret],
    ["QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN", DEV.webhookVerifierToken],
    ["TOKEN_ENCRYPTION_KEYS", `k9:${bytes32(9)}`],
  ];
  for (const [variable, value] of cases) {
    const problems = productionProblems({ [variable]: value }, DEV);
    assert.deepEqual(problems.map((p) => p.variable), [variable], value);
    assert.match(problems[0].problem, /generated development/, value);
    assert.doesNotThrow(
      () => loadConfig({ ...PRODUCTION, [variable]: value }, null),
      "not known without the file",
    );
  }
});

Deno.test("loadConfig refuses too short secrets in production", () => {
  for (const variable of ["QUICKBOOKS_CLIENT_SECRET", "QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN"]) {
    const problems = productionProblems({ [variable]: "fifteen-chars.." });
    assert.deepEqual(problems.map((p) => p.variable), [variable]);
    assert.match(problems[0].problem, /at least 16 characters/);
  }
  assert.deepEqual(productionProblems({ AUTH_JWT_SECRET: "y".repeat(31) }).map((p) => p.variable), [
    "AUTH_JWT_SECRET",
  ]);
  assert.deepEqual(productionProblems({ TOKEN_ENCRYPTION_KEYS: "k1:c2hvcnQ=" }).map((p) => p.variable), [
    "TOKEN_ENCRYPTION_KEYS",
  ]);
});

Deno.test("loadConfig refuses a wildcard bind in production unless TLS termination is declared", () => {
  for (const host of ["0.0.0.0", "::", "[::]"]) {
    const problems = productionProblems({ HOST: host });
    assert.deepEqual(problems.map((p) => p.variable), ["HOST"], host);
    assert.match(problems[0].problem, /TRUSTED_TLS_TERMINATION=true/);
    const behindProxy = loadConfig({ ...PRODUCTION, HOST: host, TRUSTED_TLS_TERMINATION: "true" });
    assert.equal(behindProxy.host, host);
    assert.equal(behindProxy.trustedTlsTermination, true);
  }
  assert.equal(
    loadConfig({ ...PRODUCTION, HOST: "10.0.4.7" }).host,
    "10.0.4.7",
    "a chosen interface is the operator's call",
  );
  assert.equal(loadConfig({ HOST: "0.0.0.0" }).host, "0.0.0.0", "development binds where it is told");
});

Deno.test("loadConfig refuses the emulator's admin API in production", () => {
  for (const mode of ["emulator", "intuit"]) {
    const problems = productionProblems({ QUICKBOOKS_MODE: mode, EMULATOR_ADMIN_ENABLED: "true" });
    assert.deepEqual(problems.map((p) => p.variable), ["EMULATOR_ADMIN_ENABLED"], mode);
  }
  assert.equal(
    loadConfig({ EMULATOR_ADMIN_ENABLED: "true" }).quickbooks.emulatorAdminToken,
    DEV.emulatorAdminToken,
  );
});

Deno.test("developmentSecretsLocation: next to a file database, else ./data; made only outside production when a secret is unset", () => {
  assert.deepEqual(developmentSecretsLocation({}), {
    directory: "./data/estatecore.db.secrets",
    create: true,
  });
  assert.deepEqual(developmentSecretsLocation({ DATABASE_URL: "file:///var/lib/ec%20db/main.db" }), {
    directory: "/var/lib/ec db/main.db.secrets",
    create: true,
  });
  assert.equal(
    developmentSecretsLocation({ DATABASE_URL: "postgres://u:p@db/ec" }).directory,
    "./data/development-secrets",
  );
  assert.equal(developmentSecretsLocation({ DEVELOPMENT_SECRETS_DIR: "/tmp/s" }).directory, "/tmp/s");
  assert.equal(developmentSecretsLocation({ APP_ENV: "production" }).create, false);
  const everything = {
    AUTH_JWT_SECRET: "x".repeat(40),
    TOKEN_ENCRYPTION_KEYS: `k1:${bytes32(7)}`,
    QUICKBOOKS_CLIENT_SECRET: "c".repeat(20),
    QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN: "v".repeat(20),
    EMULATOR_ADMIN_TOKEN: "a".repeat(32),
    API_KEY_PEPPER: "p".repeat(40),
    METRICS_TOKEN: "m".repeat(40),
    AUDIT_SIGNING_KEYS: `a1:${bytes32(5)}`,
  };
  assert.equal(developmentSecretsLocation(everything).create, false);
  assert.equal(developmentSecretsLocation({ ...everything, EMULATOR_ADMIN_TOKEN: "" }).create, true);
  assert.equal(developmentSecretsLocation({ ...everything, API_KEY_PEPPER: "" }).create, true);
  assert.equal(
    developmentSecretsLocation({ ...everything, AUDIT_SIGNING_KEYS: "" }).create,
    true,
    "the checkpoint key is drawn from them",
  );
});

Deno.test("loadConfig parses the token key ring and rejects keys that are not 32 bytes", () => {
  const key = btoa(String.fromCharCode(...new Uint8Array(32).fill(7)));
  const c = loadConfig({ TOKEN_ENCRYPTION_KEYS: `k2:${key},k1:${key}` });
  assert.deepEqual(c.tokenEncryptionKeys.map((k) => k.kid), ["k2", "k1"]);
  const e = configError({ TOKEN_ENCRYPTION_KEYS: "k1:c2hvcnQ=" });
  assert.deepEqual((e.details.problems as { variable: string }[]).map((p) => p.variable), [
    "TOKEN_ENCRYPTION_KEYS",
  ]);
});

Deno.test("loadConfig parses the audit signing key ring and names AUDIT_SIGNING_KEYS when a key is wrong", () => {
  const key = btoa(String.fromCharCode(...new Uint8Array(32).fill(9)));
  assert.deepEqual(
    loadConfig({ AUDIT_SIGNING_KEYS: `a2:${key},a1:${key}` }).auditSigningKeys.map((k) => k.kid),
    [
      "a2",
      "a1",
    ],
  );
  const developmentKeys = loadConfig({}).auditSigningKeys;
  assert.deepEqual(
    developmentKeys.map((k) => k.kid),
    ["dev-audit"],
    "outside production: one from the run's secrets",
  );
  assert.deepEqual(
    loadConfig({}).auditSigningKeys,
    developmentKeys,
    "the same at every start on the same secrets",
  );
  assert.notDeepEqual(
    loadConfig({}, { ...DEV, jwtSecret: "another-run-s-secret-that-is-long-enough!!" }).auditSigningKeys,
    developmentKeys,
    "another run's secrets give another key: nothing a reader of this code can derive",
  );
  const e = configError({ AUDIT_SIGNING_KEYS: "a1:c2hvcnQ=" });
  assert.deepEqual((e.details.problems as { variable: string }[]).map((p) => p.variable), [
    "AUDIT_SIGNING_KEYS",
  ]);
});

Deno.test("loadConfig prefers a JWKS URL when given", () => {
  const c = loadConfig({
    AUTH_JWKS_URL: "https://id.example.test/.well-known/jwks.json",
    AUTH_JWT_ISSUER: "iss",
  });
  assert.equal(c.auth.kind, "jwks");
  assert.equal(c.usingDevelopmentAuthSecret, false);
});

Deno.test("loadConfig parses OAUTH_RETURN_URL_ALLOWLIST into origins and path prefixes; unset allows none", () => {
  assert.deepEqual(loadConfig({}).oauthReturnUrlAllowlist, []);
  const c = loadConfig({
    OAUTH_RETURN_URL_ALLOWLIST: "https://app.example.com/settings/, http://localhost:3000",
  });
  assert.deepEqual(c.oauthReturnUrlAllowlist, [
    { origin: "https://app.example.com", pathPrefix: "/settings" },
    { origin: "http://localhost:3000", pathPrefix: "" },
  ]);
  assert.ok(Object.isFrozen(c.oauthReturnUrlAllowlist));
});

Deno.test("loadConfig refuses return-URL entries that are not https (loopback http only outside production)", () => {
  const e = configError({
    OAUTH_RETURN_URL_ALLOWLIST: "https://ok.example.com,http://app.example.com,app.example.com",
  });
  const problems = e.details.problems as { variable: string; problem: string }[];
  assert.deepEqual(problems.map((p) => p.variable), [
    "OAUTH_RETURN_URL_ALLOWLIST",
    "OAUTH_RETURN_URL_ALLOWLIST",
  ]);
  assert.match(problems[0].problem, /loopback/);
  const prod = configError({
    ...PRODUCTION,
    OAUTH_RETURN_URL_ALLOWLIST: "http://localhost:3000",
  });
  assert.deepEqual(
    (prod.details.problems as { variable: string }[]).map((p) => p.variable),
    ["OAUTH_RETURN_URL_ALLOWLIST"],
  );
});

Deno.test("loadConfig: the worker identity is WORKER_ID, else slots next to a file database, else new per start", () => {
  assert.deepEqual(loadConfig({}).workerIdentity, {
    kind: "slots",
    directory: "./data/estatecore.db.workers",
  });
  assert.deepEqual(loadConfig({ DATABASE_URL: "file:/var/lib/ec/main.db" }).workerIdentity, {
    kind: "slots",
    directory: "/var/lib/ec/main.db.workers",
  });
  assert.deepEqual(loadConfig({ DATABASE_URL: "file:///var/lib/ec%20db/main.db" }).workerIdentity, {
    kind: "slots",
    directory: "/var/lib/ec db/main.db.workers",
  });
  assert.deepEqual(loadConfig({ DATABASE_URL: ":memory:" }).workerIdentity, { kind: "ephemeral" });
  assert.deepEqual(loadConfig({ DATABASE_URL: "postgres://u:p@db:5432/ec" }).workerIdentity, {
    kind: "ephemeral",
  });
  assert.deepEqual(
    loadConfig({ DATABASE_URL: "postgres://u:p@db:5432/ec", WORKER_ID: "ec-worker-2" }).workerIdentity,
    {
      kind: "fixed",
      id: "ec-worker-2",
    },
  );
  const bad = configError({ WORKER_ID: "two words" });
  assert.deepEqual((bad.details.problems as { variable: string }[]).map((p) => p.variable), ["WORKER_ID"]);
});

Deno.test("loadConfig: API keys are eck_test_ with a pepper drawn from the development secrets outside production, eck_live_ with API_KEY_PEPPER in it", () => {
  const development = loadConfig({}).apiKeys;
  assert.equal(development.environment, "test");
  assert.equal(development.pepper.length >= 32, true);
  assert.equal(
    loadConfig({}).apiKeys.pepper,
    development.pepper,
    "the same at every start on the same secrets",
  );
  assert.notEqual(
    loadConfig({}, { ...DEV, jwtSecret: "another-run-s-secret-that-is-long-enough!!" }).apiKeys.pepper,
    development.pepper,
    "nothing a reader of this code can derive",
  );
  const prod = loadConfig({ ...PRODUCTION }, null);
  assert.deepEqual(prod.apiKeys, { pepper: "p".repeat(40), environment: "live" });
  assert.match(configError({ API_KEY_PEPPER: "short" }).message, /API_KEY_PEPPER/);
});

Deno.test("loadConfig: METRICS_TOKEN is drawn from the development secrets outside production, required in it; METRICS_MAX_LABELLED_REALMS defaults to 100", () => {
  const development = loadConfig({}).metrics;
  assert.equal(development.token.length >= 32, true);
  assert.equal(development.maxLabelledRealms, 100);
  assert.equal(
    loadConfig({}).metrics.token,
    development.token,
    "the same at every start on the same secrets",
  );
  assert.notEqual(
    loadConfig({}, { ...DEV, jwtSecret: "another-run-s-secret-that-is-long-enough!!" }).metrics.token,
    development.token,
    "nothing a reader of this code can derive",
  );
  assert.notEqual(development.token, loadConfig({}).apiKeys.pepper, "not the pepper under another name");
  assert.deepEqual(loadConfig({ ...PRODUCTION, METRICS_MAX_LABELLED_REALMS: "7" }, null).metrics, {
    token: "m".repeat(40),
    maxLabelledRealms: 7,
  });
  const { METRICS_TOKEN: _, ...withoutToken } = PRODUCTION;
  assert.deepEqual(
    configError(withoutToken, null).details.problems as { variable: string; problem: string }[],
    [{ variable: "METRICS_TOKEN", problem: "required in production" }],
  );
  assert.match(configError({ METRICS_TOKEN: "short" }).message, /METRICS_TOKEN/);
  assert.match(configError({ METRICS_MAX_LABELLED_REALMS: "-1" }).message, /METRICS_MAX_LABELLED_REALMS/);
});

Deno.test("loadConfig: TRUSTED_PROXIES is a list of CIDR ranges (IPv4 and IPv6), empty by default", () => {
  assert.deepEqual(loadConfig({}).trustedProxies, []);
  assert.deepEqual(loadConfig({ TRUSTED_PROXIES: " 10.1.2.3/8, fd00::1/8,192.0.2.1" }).trustedProxies, [
    "10.0.0.0/8",
    "fd00::/8",
    "192.0.2.1/32",
  ]);
  const e = configError({ TRUSTED_PROXIES: "10.0.0.0/8,10.0.0.0/40,proxy.local" });
  const problems = e.details.problems as { variable: string; problem: string }[];
  assert.deepEqual(problems.map((p) => p.variable), ["TRUSTED_PROXIES", "TRUSTED_PROXIES"]);
  assert.match(problems[0].problem, /10\.0\.0\.0\/40: the prefix length must be 0 to 32/);
  assert.match(problems[1].problem, /proxy\.local: not an IPv4 or IPv6 address/);
});

Deno.test("loadConfig: webhooks out take https only and public targets only in production, unless allowed", () => {
  const production = loadConfig(PRODUCTION, DEV).webhooks;
  assert.deepEqual(production, {
    requireHttps: true,
    allowPrivateTargets: false,
    attemptTimeoutMs: 10_000,
    disableAfterDays: 5,
  });
  assert.equal(
    loadConfig({ ...PRODUCTION, WEBHOOK_ALLOW_PRIVATE_TARGETS: "true" }, DEV).webhooks.allowPrivateTargets,
    true,
  );
  const development = loadConfig({ APP_ENV: "development", DATABASE_URL: ":memory:" }, DEV).webhooks;
  assert.deepEqual([development.requireHttps, development.allowPrivateTargets], [false, true]);
  const bad = configError({
    ...PRODUCTION,
    WEBHOOK_ATTEMPT_TIMEOUT_MS: "10",
    WEBHOOK_DISABLE_AFTER_DAYS: "0",
  }, DEV);
  assert.deepEqual(
    (bad.details.problems as { variable: string }[]).map((p) => p.variable).sort(),
    ["WEBHOOK_ATTEMPT_TIMEOUT_MS", "WEBHOOK_DISABLE_AFTER_DAYS"],
  );
});

Deno.test("loadConfig health: HEALTH_* thresholds default as documented, parse numbers, refuse bad ones by name", () => {
  const defaults = loadConfig({}).health;
  assert.equal(defaults.thresholds.holdMinutes, 5);
  assert.equal(defaults.thresholds.recoverMinutes, 15);
  assert.equal(defaults.thresholds.apiErrorRateWarn, 0.05);
  assert.equal(defaults.evaluateEveryMs, 300_000);
  const set = loadConfig({
    HEALTH_HOLD_MINUTES: "0",
    HEALTH_API_ERROR_RATE_WARN: "0.1",
    HEALTH_EVALUATION_SECONDS: "60",
  })
    .health;
  assert.equal(set.thresholds.holdMinutes, 0);
  assert.equal(set.thresholds.apiErrorRateWarn, 0.1);
  assert.equal(set.evaluateEveryMs, 60_000);
  const error = configError({ HEALTH_API_ERROR_RATE_WARN: "2", HEALTH_HOLD_MINUTES: "soon" });
  assert.equal(error.code, "CONFIG_INVALID");
  assert.deepEqual(error.details.problems, [
    { variable: "HEALTH_API_ERROR_RATE_WARN", problem: "must be a number from 0 to 1" },
    { variable: "HEALTH_HOLD_MINUTES", problem: "must be a number from 0 to 10080" },
  ]);
});
