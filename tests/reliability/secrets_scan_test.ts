/**
 * The secrets scan of the reliability suite: `deno task start` as a process on its embedded
 * defaults (a libSQL file, the built-in emulator sending its webhooks) with debug logging, through
 * a whole first hour: register, connect (OAuth code exchange), look up accounts, map, send a
 * portfolio, push, let QuickBooks' webhooks arrive, refresh the tokens (rotation), reconcile, read
 * status and audit, disconnect. Then every log line and every byte of the database files are
 * searched for each secret the run handled: the OAuth authorization codes, every access and refresh
 * token QuickBooks issued (read from the emulator's own store), the client secret, the webhook
 * verifier token, the emulator's admin token, the JWT secret, the token-encryption key, and any JWT
 * other than the caller's own.
 */
import assert from "node:assert/strict";
import { SignJWT } from "jose";
import { emulatorAccountMapping, samplePortfolio } from "../../src/demo/sample_portfolio.ts";
import { tokenStatePath } from "../../adapters/quickbooks-emulator/oauth/token_state_file.ts";
import { processApi } from "../support/push_run.ts";
import { freePort, type ServiceProcess, startServiceProcess } from "../support/service_process.ts";

const ORG = "org-scan";
const JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;
const FINISHED = ["succeeded", "succeeded_with_errors", "dead", "cancelled"];

const random = (bytes: number) => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(bytes))));
const urlSafe = (s: string) => s.replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "");

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) out.push(...await filesUnder(path));
    else if (entry.isFile) out.push(path);
  }
  return out;
}

/** The tokens QuickBooks (the emulator) has issued so far, from its own token store. */
async function issuedTokens(emulatorStateFile: string): Promise<string[]> {
  const text = await Deno.readTextFile(tokenStatePath(emulatorStateFile)).catch(() => "");
  if (!text) return [];
  const state = JSON.parse(text) as { accessTokens: [string, unknown][]; refreshTokens: [string, unknown][] };
  return [...state.accessTokens.map(([t]) => t), ...state.refreshTokens.map(([t]) => t)];
}

Deno.test({
  name:
    "reliability scan: a whole run leaves no token, code, secret or foreign JWT in the logs or the database",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "secrets-scan-" });
    const port = freePort();
    const secrets = {
      jwtSecret: random(48),
      encryptionKey: random(32),
      clientSecret: `scan-client-secret-${crypto.randomUUID()}`,
      verifier: `scan-verifier-${crypto.randomUUID()}`,
      emulatorAdmin: `scan-emulator-admin-${crypto.randomUUID()}`,
    };
    await Deno.mkdir(`${dir}/db`);
    await Deno.mkdir(`${dir}/emulator`);
    const env = {
      APP_ENV: "development",
      PORT: String(port),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: `file:${dir}/db/estatecore.db`,
      EMULATOR_STATE_FILE: `${dir}/emulator/emulator-state.json`,
      LOG_LEVEL: "debug",
      AUTH_JWT_SECRET: secrets.jwtSecret,
      TOKEN_ENCRYPTION_KEYS: `scan1:${secrets.encryptionKey}`,
      QUICKBOOKS_CLIENT_SECRET: secrets.clientSecret,
      QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN: secrets.verifier,
      EMULATOR_ADMIN_TOKEN: secrets.emulatorAdmin,
    };
    const bearer = await new SignJWT({ org: ORG, role: "admin" }).setProtectedHeader({ alg: "HS256" })
      .setSubject("scan-user").setIssuedAt().setExpirationTime("1h")
      .sign(new TextEncoder().encode(secrets.jwtSecret));
    const codes: string[] = [];
    const tokens = new Set<string>();
    let service: ServiceProcess | undefined = await startServiceProcess(env);
    try {
      const call = processApi(() => service!.base, bearer);
      const remember = async () =>
        (await issuedTokens(env.EMULATOR_STATE_FILE)).forEach((t) => tokens.add(t));

      assert.equal((await call("PUT", "/organization", { name: "Scan Properties" })).status, 201);
      const started = await call("POST", "/connect");
      assert.equal(started.status, 200, JSON.stringify(started.body));
      const consent = new URL(started.body.data.authorization_url);
      consent.searchParams.set("auto_approve", "true");
      const redirect = await fetch(consent, { redirect: "manual" });
      await redirect.body?.cancel();
      const callback = new URL(redirect.headers.get("location")!);
      codes.push(callback.searchParams.get("code")!);
      const completed = await fetch(callback);
      assert.equal(completed.status, 200, await completed.text());
      await remember();

      const accounts = (await call("GET", "/accounts?limit=500")).body.data.items as {
        id: string;
        name: string;
      }[];
      const mapping = await emulatorAccountMapping((name) =>
        Promise.resolve(accounts.find((a) => a.name === name)!.id)
      );
      assert.equal((await call("PUT", "/mappings/default", mapping)).status, 200);
      const records = samplePortfolio({
        properties: 1,
        unitsPerProperty: 4,
        months: 2,
        bills: true,
        moveOut: true,
      })
        .map((r) => ({
          type: r.recordType,
          data: { ...r.data, ...(r.recordType === "property" ? { organization_id: ORG } : {}) },
        }));
      assert.equal((await call("POST", "/records/bulk", { records })).status, 200);
      const queued = await call("POST", "/sync", { direction: "push" });
      assert.equal(queued.status, 202);
      let job;
      for (let i = 0; i < 400; i++) {
        job = (await call("GET", `/sync/jobs/${queued.body.data.id}`)).body.data;
        if (FINISHED.includes(job.status)) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(job.status, "succeeded", JSON.stringify(job).slice(0, 400));
      // QuickBooks' webhooks about what the push wrote arrive and queue pulls.
      for (let i = 0; i < 100 && !service.logs.some((l) => l.includes("/webhooks")); i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal((await call("POST", "/connections/refresh", {})).status, 200);
      // The access token expires at QuickBooks: the next call refreshes it (and the refresh token rotates).
      const realmId = callback.searchParams.get("realmId")!;
      const expired = await fetch(`${service.base}/qbo-emulator/_emulator/tokens/expire`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${secrets.emulatorAdmin}` },
        body: JSON.stringify({ realmId }),
      });
      assert.equal(expired.status, 200, await expired.text());
      assert.equal((await call("POST", "/reconcile", {})).status, 201);
      assert.equal((await call("GET", "/status")).status, 200);
      assert.equal((await call("GET", "/audit")).status, 200);
      // A server's API key: made, used, rotated (both secrets used), revoked.
      const madeKey = await call("POST", "/enterprise/api-keys", {
        name: "scan server",
        scopes: ["connections:read"],
      });
      assert.equal(madeKey.status, 201, JSON.stringify(madeKey.body));
      const keySecrets = [String(madeKey.body.data.secret)];
      const withKey = (secret: string) =>
        fetch(`${service!.base}/api/quickbooks/status`, { headers: { "X-API-Key": secret } })
          .then(async (r) => (await r.body?.cancel(), r.status));
      assert.equal(await withKey(keySecrets[0]), 200);
      const rotated = await call("POST", `/enterprise/api-keys/${madeKey.body.data.key.id}/rotate`, {});
      assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
      keySecrets.push(String(rotated.body.data.secret));
      assert.equal(await withKey(keySecrets[1]), 200);
      assert.equal((await call("DELETE", `/enterprise/api-keys/${madeKey.body.data.key.id}`)).status, 200);
      await remember();
      assert.equal((await call("POST", "/disconnect", {})).status, 200);
      await service.stop("SIGTERM");
      const logs = service.logs;
      service = undefined;

      const databaseFiles = await filesUnder(`${dir}/db`);
      const database = await Promise.all(databaseFiles.map(async (f) => {
        // Bytes as latin1 text: a secret stored in clear shows up whatever the file's encoding.
        const bytes = await Deno.readFile(f);
        let text = "";
        for (let i = 0; i < bytes.length; i += 65_536) {
          text += String.fromCharCode(...bytes.subarray(i, i + 65_536));
        }
        return { file: f.slice(dir.length), text, bytes: bytes.length };
      }));
      const haystacks = [
        { where: "logs", text: logs.join("\n") },
        ...database.map((d) => ({ where: d.file, text: d.text })),
      ];
      const looked: [string, string][] = [
        ["jwt secret", secrets.jwtSecret],
        ["token-encryption key", secrets.encryptionKey],
        ["client secret", secrets.clientSecret],
        ["webhook verifier token", secrets.verifier],
        ["emulator admin token", secrets.emulatorAdmin],
        ...codes.map((c) => ["authorization code", c] as [string, string]),
        ...[...tokens].map((t) => ["QuickBooks token", t] as [string, string]),
        ...keySecrets.map((k) => ["API key secret", k] as [string, string]),
      ];
      assert.ok(tokens.size >= 4, `the run saw rotated tokens (${tokens.size})`);
      assert.ok(logs.length > 50, `the run logged (${logs.length} lines)`);
      const findings: string[] = [];
      for (const [kind, secret] of looked) {
        const forms = new Set([secret, encodeURIComponent(secret), urlSafe(secret)]);
        for (const { where, text } of haystacks) {
          if ([...forms].some((form) => text.includes(form))) findings.push(`${kind} in ${where}`);
        }
      }
      let jwts = 0;
      for (const { where, text } of haystacks) {
        for (const [found] of text.matchAll(JWT)) {
          jwts++;
          if (found !== bearer) {
            findings.push(`a JWT other than the caller's in ${where}: ${found.slice(0, 24)}…`);
          }
        }
      }
      console.log(
        `secrets scan: ${logs.length} log lines, ${database.reduce((n, d) => n + d.bytes, 0)} bytes in ` +
          `${database.length} database files; ${looked.length} secrets looked for (${codes.length} codes, ` +
          `${tokens.size} tokens), ${jwts} JWTs seen; findings ${findings.length}`,
      );
      assert.deepEqual(findings, []);
    } finally {
      await service?.stop("SIGKILL");
      await Deno.remove(dir, { recursive: true });
    }
  },
});
