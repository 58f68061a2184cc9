/**
 * The SDK is a package another project can use: copied into a scratch project outside this
 * repository, a consumer program imports it by its package name (a Deno workspace member named by
 * openapi/sdk/deno.json), type-checks with `deno check`, and drives connect -> intake -> sync ->
 * history against the service on loopback; a program that creates a vendor without `name` does
 * not type-check.
 */
import assert from "node:assert/strict";
import { api, type Running, startService, token } from "./support/e2e_service.ts";

const SDK_DIR = new URL("../openapi/sdk/", import.meta.url);

const CONSUMER = `
import { createEstateCoreQuickBooksClient, type Schema } from "@estatecore/quickbooks-sdk";

const baseUrl = Deno.args[0];
const api = createEstateCoreQuickBooksClient({ baseUrl, token: Deno.args[1] });

// connect: the user approves at the authorization URL, Intuit redirects to the callback.
const started = await api.POST("/connect");
if (!started.data) throw new Error("connect: " + JSON.stringify(started.error));
const consent = new URL(started.data.data.authorization_url);
consent.searchParams.set("auto_approve", "true");
const redirect = await fetch(consent, { redirect: "manual" });
await redirect.body?.cancel();
const callback = await fetch(redirect.headers.get("location")!);
await callback.body?.cancel();

// intake: a vendor, typed by the Vendor schema.
const vendor: Schema<"VendorUpsert"> = { name: "SDK Plumbing", is_1099: true };
const put = await api.PUT("/records/vendor/{record_id}", { params: { path: { record_id: "ven_sdk" } }, body: vendor });
if (!put.data) throw new Error("intake: " + JSON.stringify(put.error));
const stored: string = put.data.data.record.data.name;

// sync, then its history.
const sync = await api.POST("/sync", { body: { direction: "push" } });
if (!sync.data) throw new Error("sync: " + JSON.stringify(sync.error));
const jobId = sync.data.data.id;
let status: string = sync.data.data.status;
for (let i = 0; i < 200 && (status === "queued" || status === "running"); i++) {
  await new Promise((resolve) => setTimeout(resolve, 50));
  const job = await api.GET("/sync/jobs/{job_id}", { params: { path: { job_id: jobId } } });
  if (job.error) {
    const code:
      | "NOT_FOUND"
      | "VALIDATION_FAILED"
      | "AUTH_MISSING_TOKEN"
      | "AUTH_INVALID_TOKEN"
      | "AUTH_TOKEN_EXPIRED"
      | "FORBIDDEN"
      | "API_KEY_IP_DENIED"
      | "RATE_LIMITED"
      | "INTERNAL_ERROR" = job.error.error.code;
    throw new Error("job: " + code);
  }
  status = job.data.data.status;
}
const history = await api.GET("/sync/history", { params: { query: { job_id: jobId } } });
if (!history.data) throw new Error("history: " + JSON.stringify(history.error));
console.log(JSON.stringify({ stored, status, history: history.data.data }));
`;

const VENDOR_WITHOUT_NAME = `
import { createEstateCoreQuickBooksClient } from "@estatecore/quickbooks-sdk";
const api = createEstateCoreQuickBooksClient({ baseUrl: "http://127.0.0.1:1" });
await api.PUT("/records/vendor/{record_id}", { params: { path: { record_id: "v1" } }, body: { email: "a@b.co" } });
`;

async function scratchProject(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "estatecore-sdk-consumer-" });
  const sdk = `${dir}/vendor/quickbooks-sdk`;
  await Deno.mkdir(sdk, { recursive: true });
  for await (const entry of Deno.readDir(SDK_DIR)) {
    if (entry.isFile) await Deno.copyFile(new URL(entry.name, SDK_DIR), `${sdk}/${entry.name}`);
  }
  await Deno.writeTextFile(`${dir}/deno.json`, JSON.stringify({ workspace: ["./vendor/quickbooks-sdk"] }));
  await Deno.writeTextFile(`${dir}/consumer.ts`, CONSUMER);
  await Deno.writeTextFile(`${dir}/vendor_without_name.ts`, VENDOR_WITHOUT_NAME);
  return dir;
}

async function deno(cwd: string, args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { success: out.success, stdout: text(out.stdout), stderr: text(out.stderr) };
}

Deno.test({
  name:
    "@estatecore/quickbooks-sdk used from a project outside the repository type-checks and drives connect -> intake -> sync -> history",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await scratchProject();
    let run: Running | null = null;
    try {
      const manifest = JSON.parse(await Deno.readTextFile(`${dir}/vendor/quickbooks-sdk/deno.json`));
      assert.equal(manifest.name, "@estatecore/quickbooks-sdk");
      assert.ok(
        !dir.startsWith(new URL("..", import.meta.url).pathname),
        "the scratch project is outside the repository",
      );

      const checked = await deno(dir, ["check", "consumer.ts"]);
      assert.ok(checked.success, checked.stderr);
      const refused = await deno(dir, ["check", "vendor_without_name.ts"]);
      assert.equal(refused.success, false, "a vendor without name must not type-check");
      assert.match(refused.stderr, /TS2345|TS2322|TS2741/);
      assert.match(refused.stderr, /'name' is missing/);

      run = await startService();
      const org = "org-sdk-consumer";
      assert.equal((await api(run, "PUT", "/organization", org, { name: "SDK consumer" })).status, 201);
      const child = new Deno.Command(Deno.execPath(), {
        args: ["run", "--allow-net", "consumer.ts", `${run.base}/api/v1/quickbooks`, await token(org)],
        cwd: dir,
        stdout: "piped",
        stderr: "piped",
        env: { NO_COLOR: "1" },
      }).spawn();
      // The service's worker runs the consumer's sync job while the consumer polls it.
      let done = false;
      const output = child.output().finally(() => done = true);
      while (!done) {
        if (!await run.service.worker.runOnce()) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const result = await output;
      const stderr = new TextDecoder().decode(result.stderr);
      assert.ok(result.success, stderr);
      const report = JSON.parse(new TextDecoder().decode(result.stdout).trim().split("\n").at(-1)!);
      assert.equal(report.stored, "SDK Plumbing");
      assert.equal(report.status, "succeeded", JSON.stringify(report));
      const entries = report.history.entries as { record_type: string; record_id: string; outcome: string }[];
      assert.ok(
        entries.some((e) =>
          e.record_type === "vendor" && e.record_id === "ven_sdk" && e.outcome === "created"
        ),
        JSON.stringify(entries),
      );
    } finally {
      await run?.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
