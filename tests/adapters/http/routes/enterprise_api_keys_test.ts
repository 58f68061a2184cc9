import assert from "node:assert/strict";
import { sql } from "kysely";
import { call } from "../../../support/api_call.ts";
import { api, type Running, startService } from "../../../support/e2e_service.ts";
import { authHeader, startTestService } from "../../../support/service.ts";

const bearerKey = (key: string) => ({ Authorization: `Bearer ${key}` });

async function createKey(
  app: { request: (url: string, init?: RequestInit) => Response | Promise<Response> },
  admin: Record<string, string>,
  body: Record<string, unknown>,
) {
  const created = await call(app, "POST", "/enterprise/api-keys", admin, { name: "server", ...body });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body.data as {
    key: Record<string, unknown> & { id: string; prefix: string };
    secret: string;
  };
}

Deno.test("API keys: created with the secret shown once, listed with prefix and last use, used as a bearer or X-API-Key", async () => {
  const svc = await startTestService();
  try {
    const boss = await authHeader("org-a", "admin", "boss");
    const { key, secret } = await createKey(svc.app, boss, {
      name: "Nightly export",
      scopes: ["sync:read", "records:write", "sync:read"],
      expires_at: "2026-12-31T00:00:00Z",
    });
    assert.match(secret, /^eck_test_[a-z0-9]{16}_[A-Za-z0-9_-]{43}$/);
    assert.ok(secret.startsWith(`${key.prefix}_`));
    assert.deepEqual({ ...key, id: "id" }, {
      id: "id",
      name: "Nightly export",
      prefix: key.prefix,
      scopes: ["sync:read", "records:write"],
      property_ids: null,
      ip_allowlist: null,
      expires_at: "2026-12-31T00:00:00.000Z",
      rate_limit: null,
      daily_call_quota: null,
      daily_quickbooks_quota: null,
      status: "active",
      created_at: "2026-06-01T12:00:00.000Z",
      created_by: "user:boss",
      last_used_at: null,
      rotated_at: null,
      revoked_at: null,
    });

    assert.equal((await call(svc.app, "GET", "/sync/jobs", bearerKey(secret))).status, 200);
    assert.equal((await call(svc.app, "GET", "/sync/jobs", { "X-API-Key": secret })).status, 200);
    const both = await call(svc.app, "GET", "/sync/jobs", { ...boss, "X-API-Key": secret });
    assert.equal(both.body.error?.details.reason, "several_credentials");
    const scope = await call(svc.app, "PUT", "/settings/sync", bearerKey(secret), { batch_size: 10 });
    assert.equal(scope.status, 403);
    assert.equal(scope.body.error?.details.reason, "key_lacks_scope");
    const admin = await call(svc.app, "GET", "/enterprise/api-keys", bearerKey(secret));
    assert.equal(admin.body.error?.details.reason, "key_lacks_scope", "a key never administers keys");
    const other = await call(svc.app, "GET", "/organizations/org-b", bearerKey(secret));
    assert.equal(other.status >= 403 && other.status <= 404, true, JSON.stringify(other.body));

    const listed = await call(svc.app, "GET", "/enterprise/api-keys", boss);
    assert.deepEqual(listed.body.data.items.map((k: { id: string }) => k.id), [key.id]);
    assert.equal(listed.body.data.items[0].last_used_at, "2026-06-01T12:00:00.000Z");
    assert.ok(!JSON.stringify(listed.body).includes(secret), "lists never show the secret");
    assert.equal(
      (await call(svc.app, "GET", `/enterprise/api-keys/${key.id}`, boss)).body.data.prefix,
      key.prefix,
    );
    assert.equal(
      (await call(svc.app, "GET", "/enterprise/api-keys", await authHeader("org-b"))).body.data.items.length,
      0,
    );
    assert.equal(
      (await call(svc.app, "GET", `/enterprise/api-keys/${key.id}`, await authHeader("org-b"))).status,
      404,
    );

    const wrong = `${secret.slice(0, -2)}${secret.endsWith("AA") ? "BB" : "AA"}`;
    assert.equal(
      (await call(svc.app, "GET", "/sync/jobs", bearerKey(wrong))).body.error?.details.reason,
      "unknown_api_key",
    );
    assert.equal(
      (await call(svc.app, "GET", "/sync/jobs", bearerKey("eck_test_short"))).body.error?.details.reason,
      "malformed_api_key",
    );
    assert.equal(
      (await call(svc.app, "GET", "/sync/jobs", { "X-API-Key": "a-jwt?" })).body.error?.details.reason,
      "malformed_api_key",
    );
  } finally {
    await svc.close();
  }
});

Deno.test("API keys: scopes from the catalogue and held by the creator, a valid allow-list, a future expiry", async () => {
  const svc = await startTestService();
  try {
    const boss = await authHeader("org-a", "admin", "boss");
    const refused = async (body: Record<string, unknown>, headers = boss) =>
      (await call(svc.app, "POST", "/enterprise/api-keys", headers, {
        name: "k",
        scopes: ["sync:read"],
        ...body,
      })).body.error;
    assert.equal((await refused({ scopes: ["api_keys:manage"] }))?.code, "VALIDATION_FAILED");
    assert.equal((await refused({ scopes: ["access:manage"] }))?.code, "VALIDATION_FAILED");
    assert.equal((await refused({ scopes: [] }))?.code, "VALIDATION_FAILED");
    const cidr = await refused({ ip_allowlist: ["10.0.0.0/8", "10.0.0.0/33"] });
    assert.equal(cidr?.details.issues[0].path, "json.ip_allowlist.1");
    assert.equal(
      (await refused({ expires_at: "2026-06-01T12:00:00Z" }))?.details.issues[0].path,
      "json.expires_at",
    );
    assert.equal((await refused({ name: " " }))?.code, "VALIDATION_FAILED");
    // An administrator whose grant keeps only the api_keys feature cannot give a key what it lacks.
    await call(svc.app, "PUT", "/enterprise/users/keymaster/access", boss, {
      access_level: "admin",
      allowed_features: ["api_keys"],
    });
    const keymaster = await authHeader("org-a", "admin", "keymaster");
    const notHeld = await refused({ scopes: ["sync:read", "sync:run"] }, keymaster);
    assert.deepEqual([notHeld?.code, notHeld?.details.reason, notHeld?.details.scopes], [
      "FORBIDDEN",
      "scope_not_held",
      ["sync:read", "sync:run"],
    ]);
    for (const role of ["accountant", "property_manager", "viewer", "service"]) {
      assert.equal((await refused({}, await authHeader("org-a", role)))?.code, "FORBIDDEN", role);
    }
  } finally {
    await svc.close();
  }
});

Deno.test("API keys: a property set scopes the key; an allow-listed key is refused when the address is unknown", async () => {
  const svc = await startTestService();
  try {
    const boss = await authHeader("org-a", "admin", "boss");
    const { secret } = await createKey(svc.app, boss, {
      scopes: ["records:write", "sync:read"],
      property_ids: ["prop_1"],
    });
    const property = (id: string) => ({ id, organization_id: "org-a", name: `Property ${id}` });
    assert.equal(
      (await call(svc.app, "PUT", "/records/property/prop_1", bearerKey(secret), property("prop_1"))).status,
      201,
    );
    assert.equal(
      (await call(svc.app, "PUT", "/records/property/prop_2", bearerKey(secret), property("prop_2"))).status,
      403,
    );
    const listed = await call(svc.app, "GET", "/records/property", bearerKey(secret));
    assert.deepEqual(listed.body.data.items.map((r: { data: { id: string } }) => r.data.id), ["prop_1"]);

    const fenced = await createKey(svc.app, boss, {
      scopes: ["sync:read"],
      ip_allowlist: ["0.0.0.0/0", "::/0"],
    });
    const unknown = await call(svc.app, "GET", "/sync/jobs", bearerKey(fenced.secret));
    assert.equal(unknown.status, 403);
    assert.deepEqual(unknown.body.error?.details, { client_ip: null, key_id: fenced.key.id });
  } finally {
    await svc.close();
  }
});

Deno.test("API keys: rotation keeps the old secret for the overlap only; revocation and expiry stop the key at once", async () => {
  const svc = await startTestService();
  try {
    const boss = await authHeader("org-a", "admin", "boss");
    const { key, secret: first } = await createKey(svc.app, boss, { scopes: ["sync:read"] });
    const rotated = await call(svc.app, "POST", `/enterprise/api-keys/${key.id}/rotate`, boss, {
      overlap_seconds: 600,
    });
    assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
    const second = rotated.body.data.secret as string;
    assert.notEqual(second, first);
    assert.equal(rotated.body.data.previous_secrets_valid_until, "2026-06-01T12:10:00.000Z");
    assert.equal(rotated.body.data.key.prefix, second.slice(0, "eck_test_".length + 16));
    assert.equal(rotated.body.data.key.rotated_at, "2026-06-01T12:00:00.000Z");
    assert.equal(
      (await call(svc.app, "GET", "/sync/jobs", bearerKey(first))).status,
      200,
      "both work in the overlap",
    );
    assert.equal((await call(svc.app, "GET", "/sync/jobs", bearerKey(second))).status, 200);
    svc.clock.advance(600_000);
    const old = await call(svc.app, "GET", "/sync/jobs", bearerKey(first));
    assert.deepEqual([old.status, old.body.error?.details.reason], [401, "api_key_rotated"]);
    assert.equal((await call(svc.app, "GET", "/sync/jobs", bearerKey(second))).status, 200);
    // Without a body: a day of overlap.
    const third = await call(svc.app, "POST", `/enterprise/api-keys/${key.id}/rotate`, boss);
    assert.equal(third.status, 200, JSON.stringify(third.body));
    assert.equal(third.body.data.previous_secrets_valid_until, "2026-06-02T12:10:00.000Z");
    const tooLong = await call(svc.app, "POST", `/enterprise/api-keys/${key.id}/rotate`, boss, {
      overlap_seconds: 604801,
    });
    assert.equal(tooLong.body.error?.code, "VALIDATION_FAILED");

    const revoked = await call(svc.app, "DELETE", `/enterprise/api-keys/${key.id}`, boss);
    assert.deepEqual([revoked.body.data.status, revoked.body.data.revoked_at], [
      "revoked",
      "2026-06-01T12:10:00.000Z",
    ]);
    for (const secret of [second, third.body.data.secret]) {
      const refused = await call(svc.app, "GET", "/sync/jobs", bearerKey(secret));
      assert.deepEqual([refused.status, refused.body.error?.details.reason], [401, "api_key_revoked"]);
    }
    const again = await call(svc.app, "POST", `/enterprise/api-keys/${key.id}/rotate`, boss, {});
    assert.deepEqual([again.status, again.body.error?.details.state], [409, "revoked"]);
    assert.equal((await call(svc.app, "DELETE", `/enterprise/api-keys/${key.id}`, boss)).status, 200);
    assert.equal((await call(svc.app, "DELETE", "/enterprise/api-keys/nope", boss)).status, 404);

    const expiring = await createKey(svc.app, boss, {
      scopes: ["sync:read"],
      expires_at: "2026-06-01T13:00:00Z",
    });
    assert.equal((await call(svc.app, "GET", "/sync/jobs", bearerKey(expiring.secret))).status, 200);
    svc.clock.set("2026-06-01T13:00:00.000Z");
    const expired = await call(svc.app, "GET", "/sync/jobs", bearerKey(expiring.secret));
    assert.deepEqual([expired.status, expired.body.error?.code], [401, "AUTH_TOKEN_EXPIRED"]);
    assert.equal(
      (await call(svc.app, "GET", `/enterprise/api-keys/${expiring.key.id}`, boss)).body.data.status,
      "expired",
    );

    const audit = await call(svc.app, "GET", "/audit", boss);
    const actions = (audit.body.data.items ?? audit.body.data).map((e: { action: string }) => e.action)
      .filter((a: string) => a.startsWith("api_key."));
    assert.deepEqual(actions, [
      "api_key.created",
      "api_key.rotated",
      "api_key.rotated",
      "api_key.revoked",
      "api_key.created",
      "api_key.viewed", // reads of keys are recorded too (the expired key's status above)
    ]);
  } finally {
    await svc.close();
  }
});

/** Every text value of every table of the service's libSQL database. */
async function databaseText(run: Running): Promise<string> {
  const db = run.service.database.db;
  const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db);
  const parts: string[] = [];
  for (const { name } of tables.rows) {
    const rows = await sql`select * from ${sql.table(name)}`.execute(db);
    parts.push(JSON.stringify(rows.rows));
  }
  return parts.join("\n");
}

Deno.test({
  name:
    "API keys over loopback: the connection's address meets the allow-list (IPv4, IPv6 through a trusted proxy), denials audited, no secret in logs or database",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const secrets: string[] = [];
    const send = async (run: Running, key: string, headers: Record<string, string> = {}) => {
      const res = await fetch(`${run.base}/api/quickbooks/sync/jobs`, {
        headers: { Authorization: `Bearer ${key}`, ...headers },
      });
      return { status: res.status, body: await res.json() };
    };
    const make = async (run: Running, ipAllowlist: string[]) => {
      const created = await api(run, "POST", "/enterprise/api-keys", "org-ip", {
        name: "fenced",
        scopes: ["sync:read"],
        ip_allowlist: ipAllowlist,
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      secrets.push(created.body.data.secret);
      return created.body.data as { key: { id: string }; secret: string };
    };
    const direct = await startService();
    try {
      assert.equal((await api(direct, "PUT", "/organization", "org-ip", { name: "IP" })).status, 201);
      const loopback = await make(direct, ["127.0.0.0/8"]);
      assert.equal((await send(direct, loopback.secret)).status, 200);
      const elsewhere = await make(direct, ["10.0.0.0/8", "2001:db8::/32"]);
      const denied = await send(direct, elsewhere.secret, { "X-Forwarded-For": "10.1.2.3" });
      assert.equal(denied.status, 403);
      assert.deepEqual(denied.body.error, {
        code: "API_KEY_IP_DENIED",
        message: "The API key may not be used from 127.0.0.1",
        details: { client_ip: "127.0.0.1", key_id: elsewhere.key.id },
      }, "X-Forwarded-For is ignored without a trusted proxy");
      const audit = await api(direct, "GET", "/audit", "org-ip");
      const entry = (audit.body.data.items ?? audit.body.data).find((e: { action: string }) =>
        e.action === "api_key.ip_denied"
      );
      assert.deepEqual([entry.actor, entry.details.client_ip, entry.details.key_id], [
        `api_key:${elsewhere.key.id}`,
        "127.0.0.1",
        elsewhere.key.id,
      ]);
      const text = await databaseText(direct);
      for (const secret of secrets) {
        assert.ok(!text.includes(secret.split("_").slice(3).join("_")), "no secret in the database");
        assert.ok(!direct.logs.join("\n").includes(secret.slice(-20)), "no secret in the logs");
      }
      assert.ok(text.includes(elsewhere.key.id), "the dump did read the keys");
    } finally {
      await direct.close();
    }

    const proxied = await startService({}, { TRUSTED_PROXIES: "127.0.0.1" });
    try {
      assert.equal((await api(proxied, "PUT", "/organization", "org-ip", { name: "IP" })).status, 201);
      const v6 = await make(proxied, ["2001:db8::/32"]);
      assert.equal((await send(proxied, v6.secret, { "X-Forwarded-For": "2001:db8::7" })).status, 200);
      const outside = await send(proxied, v6.secret, { "X-Forwarded-For": "2001:db9::7, 127.0.0.1" });
      assert.deepEqual([outside.status, outside.body.error?.details.client_ip], [403, "2001:db9::7"]);
      const v4 = await make(proxied, ["198.51.100.0/24"]);
      assert.equal((await send(proxied, v4.secret, { "X-Forwarded-For": "198.51.100.20" })).status, 200);
      assert.equal((await send(proxied, v4.secret)).status, 403, "the proxy itself is not in the list");
      const text = await databaseText(proxied);
      for (const secret of secrets) {
        assert.ok(!text.includes(secret.split("_").slice(3).join("_")), "no secret in the database");
        assert.ok(!proxied.logs.join("\n").includes(secret.slice(-20)), "no secret in the logs");
      }
    } finally {
      await proxied.close();
    }
  },
});
