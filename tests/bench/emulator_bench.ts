/**
 * Emulator throughput over loopback HTTP, throttling disabled: GET-by-id and create, one request
 * per iteration (deno bench's iter/s is requests/s), plus a concurrent run whose requests/second
 * is printed. Target: several thousand simple requests per second.
 *
 * Run: deno bench --allow-all tests/bench/emulator_bench.ts
 */
import { createEmulator } from "../../adapters/quickbooks-emulator/emulator.ts";

const REDIRECT = "http://localhost:8787/api/quickbooks/oauth/callback";
const emulator = await createEmulator({ throttle: { enabled: false } });
const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, emulator.app.fetch);
server.unref();
const base = `http://127.0.0.1:${server.addr.port}`;
const realmId = emulator.companies.listCompanies()[0].realmId;

async function accessToken(): Promise<string> {
  const q = new URLSearchParams({
    client_id: "emulator-client-id",
    response_type: "code",
    scope: "com.intuit.quickbooks.accounting",
    redirect_uri: REDIRECT,
    auto_approve: "true",
    realm_id: realmId,
  });
  const redirect = await fetch(`${base}/connect/oauth2?${q}`, { redirect: "manual" });
  await redirect.body?.cancel();
  const code = new URL(redirect.headers.get("location")!).searchParams.get("code")!;
  const res = await fetch(`${base}/oauth2/v1/tokens/bearer`, {
    method: "POST",
    headers: {
      authorization: "Basic " + btoa("emulator-client-id:emulator-client-secret"),
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: REDIRECT }),
  });
  return (await res.json()).access_token;
}

const headers = {
  authorization: `Bearer ${await accessToken()}`,
  accept: "application/json",
  "content-type": "application/json",
};
let created = 0;

async function create(): Promise<string> {
  const res = await fetch(`${base}/v3/company/${realmId}/customer?minorversion=75`, {
    method: "POST",
    headers,
    body: JSON.stringify({ DisplayName: `Bench Tenant ${++created}` }),
  });
  if (res.status !== 200) throw new Error(`create answered ${res.status}`);
  return (await res.json()).Customer.Id;
}

const customerId = await create();
const readUrl = `${base}/v3/company/${realmId}/customer/${customerId}?minorversion=75`;

async function read(): Promise<void> {
  const res = await fetch(readUrl, { headers });
  if (res.status !== 200) throw new Error(`read answered ${res.status}`);
  await res.arrayBuffer();
}

/** Requests/second with `concurrency` clients issuing `total` requests between them. */
async function throughput(op: () => Promise<unknown>, total: number, concurrency: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next++ < total) await op();
  }));
  return total / ((performance.now() - started) / 1000);
}

await throughput(read, 500, 8); // warm-up
console.log(`GET by id, 16 concurrent: ${Math.round(await throughput(read, 4000, 16))} requests/s`);
console.log(`create, 16 concurrent:    ${Math.round(await throughput(create, 2000, 16))} requests/s`);

Deno.bench("emulator: GET customer by id (1 request per iteration)", async () => {
  await read();
});

Deno.bench("emulator: create customer (1 request per iteration)", async () => {
  await create();
});
