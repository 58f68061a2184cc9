import assert from "node:assert/strict";
import { DEVELOPMENT_JWT_SECRET, loadConfig } from "../../src/config.ts";
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
    ["AUDIT_SIGNING_KEYS", "AUTH_JWT_SECRET", "TOKEN_ENCRYPTION_KEYS"],
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

Deno.test("loadConfig parses the audit signing key ring and names AUDIT_SIGNING_KEYS when a key is wrong", () => {
  const key = btoa(String.fromCharCode(...new Uint8Array(32).fill(9)));
  assert.deepEqual(
    loadConfig({ AUDIT_SIGNING_KEYS: `a2:${key},a1:${key}` }).auditSigningKeys.map((k) => k.kid),
    [
      "a2",
      "a1",
    ],
  );
  assert.deepEqual(loadConfig({}).auditSigningKeys, []);
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
  const key = btoa(String.fromCharCode(...new Uint8Array(32).fill(7)));
  const prod = configError({
    APP_ENV: "production",
    AUTH_JWT_SECRET: "x".repeat(40),
    TOKEN_ENCRYPTION_KEYS: `k1:${key}`,
    AUDIT_SIGNING_KEYS: `a1:${key}`,
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
