/**
 * `deno task start` on a fresh data directory with nothing configured: it binds to loopback, makes
 * its development secrets once (owner-only, next to the database), prints a development token and
 * the emulator's admin token that work, `deno task token` prints tokens signed with the same stored
 * secret, and a restart reuses the secrets (a token printed before still works).
 */
import assert from "node:assert/strict";
import { jwtVerify } from "jose";
import { readDevelopmentSecrets } from "../../adapters/system/development_secrets_file.ts";
import { freePort, type ServiceProcess, startServiceProcess } from "../support/service_process.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

async function printed(service: ServiceProcess, banner: string): Promise<string> {
  const deadline = performance.now() + 15_000;
  while (performance.now() < deadline) {
    const at = service.logs.findIndex((line) => line.startsWith(banner));
    if (at >= 0 && service.logs[at + 1]) return service.logs[at + 1].trim();
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`nothing printed after ${banner}:\n${service.logs.join("\n")}`);
}

async function status(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { headers });
  return { status: res.status, text: await res.text() };
}

/** `deno task token` with the service's variables. */
async function taskToken(env: Record<string, string>, ...args: string[]): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-env", "--allow-read", "--allow-write", "src/token_main.ts", ...args],
    cwd: ROOT,
    env: { ...env, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  return new TextDecoder().decode(out.stdout).trim();
}

/** A non-loopback IPv4 address of this machine, if it has one. */
function otherAddress(): string | undefined {
  return Deno.networkInterfaces().find((i) => i.family === "IPv4" && !i.address.startsWith("127."))?.address;
}

Deno.test({
  name:
    "main: on nothing configured it binds to loopback and its printed tokens, and deno task token's, work",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "main-defaults-" });
    const port = freePort();
    const env = {
      HOST: "", // the default
      PORT: String(port),
      DATABASE_URL: `file:${dir}/estatecore.db`,
      EMULATOR_STATE_FILE: `${dir}/emulator-state.json`,
      RUN_WORKER: "false",
    };
    const base = `http://127.0.0.1:${port}`;
    let service: ServiceProcess | undefined = await startServiceProcess(env);
    try {
      const listening = JSON.parse(service.logs.find((l) => l.includes('"msg":"listening"'))!);
      assert.equal(listening.host, "127.0.0.1");
      const other = otherAddress();
      if (other) {
        await assert.rejects(() => fetch(`http://${other}:${port}/api/quickbooks/health`), TypeError);
      }

      const secretsDir = `${dir}/estatecore.db.secrets`;
      const secrets = await readDevelopmentSecrets(secretsDir);
      assert.ok(secrets, "the first start made the development secrets next to the database");
      assert.equal((await Deno.stat(secretsDir)).mode! & 0o777, 0o700);
      assert.equal((await Deno.stat(`${secretsDir}/development-secrets.json`)).mode! & 0o777, 0o600);

      const token = await printed(service, "DEVELOPMENT TOKEN");
      await jwtVerify(token, new TextEncoder().encode(secrets.jwtSecret));
      const organization = await status(`${base}/api/quickbooks/organization`, {
        Authorization: `Bearer ${token}`,
      });
      assert.equal(organization.status, 200, organization.text);

      const adminToken = await printed(service, "EMULATOR ADMIN TOKEN");
      assert.equal(adminToken, secrets.emulatorAdminToken);
      const admin = `${base}/qbo-emulator/_emulator`;
      assert.equal((await status(admin)).status, 401);
      assert.equal(
        (await status(admin, { Authorization: `Bearer ${token}` })).status,
        401,
        "not the API token",
      );
      const described = await status(admin, { Authorization: `Bearer ${adminToken}` });
      assert.equal(described.status, 200);
      for (const secret of [secrets.quickbooksClientSecret, secrets.webhookVerifierToken, adminToken]) {
        assert.ok(!described.text.includes(secret), "the admin API answers no secret");
      }
      assert.match(described.text, /"clientSecretSet":true/);

      const fromTask = await taskToken(env);
      await jwtVerify(fromTask, new TextEncoder().encode(secrets.jwtSecret));
      assert.equal(
        (await status(`${base}/api/quickbooks/organization`, { Authorization: `Bearer ${fromTask}` })).status,
        200,
      );
      assert.equal(await taskToken(env, "--emulator-admin"), adminToken);
      const metricsToken = await taskToken(env, "--metrics");
      assert.equal((await status(`${base}/metrics`, { Authorization: `Bearer ${token}` })).status, 401);
      const scraped = await status(`${base}/metrics`, { Authorization: `Bearer ${metricsToken}` });
      assert.equal(scraped.status, 200, "the printed metrics token scrapes the running service");
      assert.match(scraped.text, /^# HELP estatecore_/m);

      await service.stop("SIGTERM");
      service = await startServiceProcess(env);
      assert.deepEqual(await readDevelopmentSecrets(secretsDir), secrets, "a restart reuses them");
      assert.equal(
        (await status(`${base}/api/quickbooks/organization`, { Authorization: `Bearer ${token}` })).status,
        200,
        "the token printed before the restart still works",
      );
    } finally {
      await service?.stop("SIGKILL");
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "main: production refuses to start on the machine's development secrets, naming each variable",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "main-production-" });
    try {
      const env = { DATABASE_URL: `file:${dir}/estatecore.db` };
      await taskToken(env); // a development run made the secrets
      const secrets = (await readDevelopmentSecrets(`${dir}/estatecore.db.secrets`))!;
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "src/main.ts"],
        cwd: ROOT,
        env: {
          ...env,
          NO_COLOR: "1",
          APP_ENV: "production",
          HOST: "0.0.0.0",
          AUTH_JWT_SECRET: secrets.jwtSecret,
          TOKEN_ENCRYPTION_KEYS: `prod:${secrets.tokenEncryptionKey.split(":")[1]}`,
          AUDIT_SIGNING_KEYS: `a1:${
            btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))
          }`,
          API_KEY_PEPPER: crypto.randomUUID() + crypto.randomUUID(),
          METRICS_TOKEN: crypto.randomUUID() + crypto.randomUUID(),
          QUICKBOOKS_CLIENT_SECRET: "emulator-client-secret",
          QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN: secrets.webhookVerifierToken,
          EMULATOR_ADMIN_ENABLED: "true",
        },
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(out.code, 78, "EX_CONFIG");
      const line = JSON.parse(new TextDecoder().decode(out.stderr).trim().split("\n").at(-1)!);
      assert.equal(line.code, "CONFIG_INVALID");
      assert.deepEqual(line.details.problems.map((p: { variable: string }) => p.variable).sort(), [
        "AUTH_JWT_SECRET",
        "EMULATOR_ADMIN_ENABLED",
        "HOST",
        "QUICKBOOKS_CLIENT_SECRET",
        "QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN",
        "TOKEN_ENCRYPTION_KEYS",
      ]);
      assert.equal(new TextDecoder().decode(out.stdout), "", "nothing started, nothing printed");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
