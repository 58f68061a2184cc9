/**
 * `deno task demo`: the whole product on its embedded defaults, end to end, in a minute.
 * Starts the service (libSQL file database, built-in QuickBooks emulator) on a free loopback port,
 * registers an organization, connects it to an emulated QuickBooks company through the real OAuth
 * flow (non-interactive consent), loads a generated portfolio through the intake API, syncs it with
 * a progress display, then changes records on both sides, syncs both ways and prints a summary.
 */
import { configFromEnv } from "./composition/config_from_env.ts";
import { buildService } from "./composition/service.ts";
import { signDevelopmentToken } from "./composition/development_token.ts";
import { emulatorAccountMapping, samplePortfolio } from "./demo/sample_portfolio.ts";

const ORG = "demo-org";
const started = performance.now();
const dir = await Deno.makeTempDir({ prefix: "estatecore-demo-" });
const port = (() => {
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const p = (probe.addr as Deno.NetAddr).port;
  probe.close();
  return p;
})();
const base = `http://127.0.0.1:${port}`;
const config = await configFromEnv({
  ...Deno.env.toObject(),
  PORT: String(port),
  PUBLIC_BASE_URL: base,
  DATABASE_URL: `file:${dir}/demo.db`,
  EMULATOR_STATE_FILE: `${dir}/emulator.json`,
  QUICKBOOKS_MODE: "emulator",
  LOG_LEVEL: "error",
  RUN_WORKER: "false",
  // The demo drives the API as fast as it answers, from one token: past any consumer's limits.
  RATE_LIMITING: "false",
});
const service = await buildService(config, { logSink: () => {} });
const qboCalls = { reads: 0, writes: 0 };
const server = Deno.serve({ hostname: "127.0.0.1", port, onListen: () => {} }, (request) => {
  const path = new URL(request.url).pathname;
  if (path.startsWith(`${config.quickbooks.emulatorPath}/v3/`)) {
    if (request.method === "POST" && !path.endsWith("/query")) qboCalls.writes++;
    else qboCalls.reads++;
  }
  return service.app.fetch(request);
});
const secret = config.auth.kind === "hs256" ? config.auth.secret : "";
const token = await signDevelopmentToken(secret, { sub: "demo-user", org: ORG, role: "admin" }, new Date());
let apiCalls = 0;

async function api(method: string, path: string, body?: unknown) {
  apiCalls++;
  const res = await fetch(`${base}/api/v1/quickbooks${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!json.success) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json.error)}`);
  return json.data;
}

const step = (text: string) => console.log(`\n▸ ${text}`);

async function runSync(direction: "push" | "pull" | "both") {
  const job = await api("POST", "/sync", { direction });
  const worker = service.worker.runOnce();
  let done = false;
  let shown = "";
  worker.then(() => done = true);
  while (!done) {
    await new Promise((r) => setTimeout(r, 250));
    const view = await api("GET", `/sync/jobs/${job.id}`);
    const p = view.progress;
    if (`${p.done}/${p.total}` === shown) continue;
    shown = `${p.done}/${p.total}`;
    const bar = p.total > 0
      ? "#".repeat(Math.round((p.done / p.total) * 30)).padEnd(30, ".")
      : ".".repeat(30);
    Deno.stdout.writeSync(
      new TextEncoder().encode(
        `\r  [${bar}] ${p.done}/${p.total} records synced, ${p.failed} failed, ${
          p.rate_per_second ?? "-"
        }/s   `,
      ),
    );
  }
  await worker;
  const view = await api("GET", `/sync/jobs/${job.id}`);
  console.log(`\r  ${view.status}: ${
    JSON.stringify({
      pull: view.result.pull &&
        {
          changes: view.result.pull.changes,
          events: view.result.pull.events,
          tenants_updated: view.result.pull.tenantsUpdated,
        },
      push: view.result.push &&
        {
          created: view.result.push.created,
          updated: view.result.push.updated,
          removed: view.result.push.removed,
          adopted: view.result.push.adopted,
          write_calls: view.result.push.write_calls,
          failed: view.result.push.failed.length,
        },
    })
  }`);
  return view;
}

try {
  console.log("EstateCore ⇄ QuickBooks Online demo (built-in QuickBooks emulator, libSQL file database)");
  step("Register the organization");
  await api("PUT", "/organization", { name: "Demo Property Management LLC" });

  step(
    "Connect QuickBooks (OAuth 2.0 code flow with PKCE against the emulator; consent approved automatically)",
  );
  const { authorization_url } = await api("POST", "/connect", {});
  const consent = new URL(authorization_url);
  consent.searchParams.set("auto_approve", "true");
  const redirect = await fetch(consent, { redirect: "manual" });
  await redirect.body?.cancel();
  const callback = await fetch(redirect.headers.get("location")!);
  const connected = (await callback.json()).data;
  console.log(`  connected to "${connected.company_name}" (realm ${connected.realm_id})`);
  const target = { orgId: ORG, realmId: connected.realm_id as string };

  step("Look up the company's chart of accounts and map accounts (org defaults) to it");
  const chart = (await api("GET", "/accounts?active=true&limit=500")).items as { id: string; name: string }[];
  console.log(`  ${chart.length} active accounts (GET /accounts)`);
  const accountId = (name: string) => {
    const found = chart.find((account) => account.name === name);
    if (!found) throw new Error(`the company has no active account named ${name}`);
    return Promise.resolve(found.id);
  };
  const mapped = await api("PUT", "/mappings/default", await emulatorAccountMapping(accountId));
  console.log(`  mapping ${mapped.validation.state} against the company (types and activity checked)`);

  step("Load a generated portfolio through the bulk intake API");
  const records = samplePortfolio({
    properties: 3,
    unitsPerProperty: 10,
    months: 12,
    bills: true,
    moveOut: true,
  })
    .map((r) => ({
      type: r.recordType,
      data: r.recordType === "property" ? { ...r.data, organization_id: ORG } : r.data,
    }));
  for (let i = 0; i < records.length; i += 2000) {
    await api("POST", "/records/bulk", { records: records.slice(i, i + 2000) });
  }
  const counts: Record<string, number> = {};
  for (const r of records) counts[r.type] = (counts[r.type] ?? 0) + 1;
  console.log(
    `  ${records.length} records: ${Object.entries(counts).map(([t, n]) => `${n} ${t}`).join(", ")}`,
  );

  step(
    "First sync (push; QuickBooks allows 40 batch calls a minute per company, and the client keeps to it)",
  );
  await runSync("push");

  step("Change a rent amount in EstateCore and a tenant's email in QuickBooks");
  const charge = records.find((r) => r.type === "charge" && (r.data as { type: string }).type === "rent")!;
  await api("PUT", `/records/charge/${(charge.data as { id: string }).id}`, {
    ...charge.data,
    amount: { cents: (charge.data as { amount: { cents: number } }).amount.cents + 5_000, currency: "USD" },
  });
  const tenantId = (records.find((r) => r.type === "tenant")!.data as { id: string }).id;
  const link = (await service.syncData.links.get(ORG, target.realmId, "Customer", tenantId))!;
  const customer = (await service.quickbooks.gateway.read(target, "Customer", link.qboId))!;
  await service.quickbooks.gateway.writeBatch(target, [{
    key: "edit",
    entityName: "Customer",
    operation: "update",
    payload: {
      Id: link.qboId,
      SyncToken: customer.SyncToken,
      sparse: true,
      PrimaryEmailAddr: { Address: "new.email@example.com" },
    },
  }], "demo-edit-in-quickbooks");

  step("Second sync (both ways: pull QuickBooks changes, then push EstateCore changes)");
  await runSync("both");
  const events = await api("GET", "/sync/events");
  for (const e of events) {
    console.log(
      `  event ${e.event} ${e.entity_type} ${e.qbo_id} -> ${e.record_type} ${e.record_ids.join(",")}`,
    );
  }

  step("Reconcile QuickBooks against the records (2026)");
  const report = await api("POST", "/reconcile", { from: "2026-01-01", to: "2026-12-31" });
  const types = Object.entries(report.counts_by_type as Record<string, number>);
  console.log(
    `  ${report.totals.estatecore.count} EstateCore and ${report.totals.quickbooks.count} QuickBooks records, ` +
      `${report.discrepancies_found} discrepancies${
        types.length ? ` (${types.map(([t, n]) => `${n} ${t}`).join(", ")})` : ""
      }; integrity ${report.integrity_score.by_count}% by count, ${report.integrity_score.by_amount}% by amount`,
  );

  step("Summary");
  const all = (name: string) => service.quickbooks.gateway.query(target, { entityName: name });
  const summary = Object.fromEntries(
    await Promise.all(
      [
        "Customer",
        "Vendor",
        "Class",
        "Item",
        "Invoice",
        "Payment",
        "Bill",
        "BillPayment",
        "Purchase",
        "JournalEntry",
      ]
        .map(async (n) => [n, (await all(n)).length] as const),
    ),
  );
  console.log(`  QuickBooks now holds: ${Object.entries(summary).map(([n, c]) => `${c} ${n}`).join(", ")}`);
  console.log(`  conflicts waiting for review: ${(await api("GET", "/sync/reviews?status=open")).length}`);
  console.log(
    `  EstateCore API calls: ${apiCalls}; QuickBooks API calls: ${qboCalls.writes} writes, ${qboCalls.reads} reads`,
  );
  console.log(`  time: ${((performance.now() - started) / 1000).toFixed(1)} s; demo data in ${dir}`);
} finally {
  await server.shutdown();
  await service.close();
}
