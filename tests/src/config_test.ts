import assert from "node:assert/strict";
import { DEVELOPMENT_API_KEY_PEPPER, DEVELOPMENT_JWT_SECRET, loadConfig } from "../../src/config.ts";
import { DomainError } from "../../domain/errors.ts";

function configError(env: Record<string, string>): DomainError {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof DomainError);
    return error;
  }
  throw new Error("expected loadConfig to throw");
}

Deno.test("loadConfig defaults: libSQL file under ./data, emulator mode, port 8787, dev secret", () => {
  const c = loadConfig({});
  assert.equal(c.databaseUrl, "file:./data/estatecore.db");
  assert.equal(c.port, 8787);
  assert.equal(c.quickbooks.mode, "emulator");
  assert.equal(c.quickbooks.redirectUri, "http://localhost:8787/api/quickbooks/oauth/callback");
  assert.equal(c.usingDevelopmentAuthSecret, true);
  assert.deepEqual(c.auth, {
    kind: "hs256",
    secret: DEVELOPMENT_JWT_SECRET,
    issuer: undefined,
    audience: undefined,
  });
  assert.ok(Object.isFrozen(c));
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

Deno.test("loadConfig refuses production without secrets and intuit mode without credentials", () => {
  const prod = configError({ APP_ENV: "production" });
  assert.deepEqual(
    (prod.details.problems as { variable: string }[]).map((p) => p.variable).sort(),
    ["API_KEY_PEPPER", "AUTH_JWT_SECRET", "TOKEN_ENCRYPTION_KEYS"],
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

Deno.test("loadConfig parses the token key ring and rejects keys that are not 32 bytes", () => {
  const key = btoa(String.fromCharCode(...new Uint8Array(32).fill(7)));
  const c = loadConfig({ TOKEN_ENCRYPTION_KEYS: `k2:${key},k1:${key}` });
  assert.deepEqual(c.tokenEncryptionKeys.map((k) => k.kid), ["k2", "k1"]);
  const e = configError({ TOKEN_ENCRYPTION_KEYS: "k1:c2hvcnQ=" });
  assert.deepEqual((e.details.problems as { variable: string }[]).map((p) => p.variable), [
    "TOKEN_ENCRYPTION_KEYS",
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
  const key = btoa(String.fromCharCode(...new Uint8Array(32).fill(7)));
  const prod = configError({
    APP_ENV: "production",
    AUTH_JWT_SECRET: "x".repeat(40),
    TOKEN_ENCRYPTION_KEYS: `k1:${key}`,
    API_KEY_PEPPER: "p".repeat(40),
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

Deno.test("loadConfig: API keys are eck_test_ with the development pepper outside production, eck_live_ with API_KEY_PEPPER in it", () => {
  assert.deepEqual(loadConfig({}).apiKeys, { pepper: DEVELOPMENT_API_KEY_PEPPER, environment: "test" });
  const key = btoa(String.fromCharCode(...new Uint8Array(32).fill(7)));
  const prod = loadConfig({
    APP_ENV: "production",
    AUTH_JWT_SECRET: "x".repeat(40),
    TOKEN_ENCRYPTION_KEYS: `k1:${key}`,
    API_KEY_PEPPER: "p".repeat(40),
  });
  assert.deepEqual(prod.apiKeys, { pepper: "p".repeat(40), environment: "live" });
  assert.match(configError({ API_KEY_PEPPER: "short" }).message, /API_KEY_PEPPER/);
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
