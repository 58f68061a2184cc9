/**
 * A first push as a user runs it, for tests that compare runs: register the organization, connect
 * the emulator's company (auto-approved consent), map the accounts by name, send a sample
 * portfolio through bulk intake and queue a push; and the books such a push writes when nothing
 * goes wrong (the same flow in-process, the worker run by hand), to compare a faulty run against.
 */
import assert from "node:assert/strict";
import {
  emulatorAccountMapping,
  type PortfolioShape,
  samplePortfolio,
} from "../../src/demo/sample_portfolio.ts";
import { emulatorBooks } from "./emulator_books.ts";
import { browseAll, type Fetcher, fetcherFor } from "./emulator_http.ts";
import { api, type ApiResponse, type OrgApi, startService } from "./e2e_service.ts";

/** Job statuses a job never leaves. */
export const FINISHED = ["succeeded", "succeeded_with_errors", "dead", "cancelled"];

/** Entities only the sync creates in the emulator's company: each object must be linked exactly once. */
export const SYNC_ONLY = [
  "Customer",
  "Vendor",
  "Invoice",
  "Payment",
  "Bill",
  "BillPayment",
  "JournalEntry",
  "Class",
];

export interface QueuedPush {
  readonly realmId: string;
  readonly jobId: string;
  readonly records: number;
  readonly admin: Fetcher;
}

/** Registers the organization, connects the emulator's company, maps accounts, sends the records, queues a push. */
export async function queuePush(
  call: OrgApi,
  base: string,
  org: string,
  shape: PortfolioShape,
  /** The built-in emulator's admin token (the service's configuration or its secrets file holds it). */
  adminToken: string,
): Promise<QueuedPush> {
  const registered = await call("PUT", "/organization", { name: `${org} Properties` });
  assert.ok([200, 201].includes(registered.status), JSON.stringify(registered.body));
  const started = await call("POST", "/connect");
  assert.equal(started.status, 200, JSON.stringify(started.body));
  const consent = new URL(started.body.data.authorization_url);
  consent.searchParams.set("auto_approve", "true");
  const redirect = await fetch(consent, { redirect: "manual" });
  await redirect.body?.cancel();
  const callback = new URL(redirect.headers.get("location")!);
  const completed = await fetch(callback);
  assert.equal(completed.status, 200, await completed.text());
  const realmId = callback.searchParams.get("realmId")!;
  const admin = fetcherFor(`${base}/qbo-emulator`, adminToken);
  const accounts = await browseAll(admin, realmId, "Account");
  const mapping = await emulatorAccountMapping((name) =>
    Promise.resolve(String(accounts.find((a) => a.Name === name)!.Id))
  );
  assert.equal((await call("PUT", "/mappings/default", mapping)).status, 200);
  const records = samplePortfolio(shape).map((r) => ({
    type: r.recordType,
    data: { ...r.data, ...(r.recordType === "property" ? { organization_id: org } : {}) },
  }));
  for (let i = 0; i < records.length; i += 5_000) {
    const intake = await call("POST", "/records/bulk", { records: records.slice(i, i + 5_000) });
    assert.equal(intake.status, 200, JSON.stringify(intake.body).slice(0, 300));
    assert.equal(intake.body.data.summary.invalid, 0, JSON.stringify(intake.body.data.summary));
  }
  const queued = await call("POST", "/sync", { direction: "push" });
  assert.equal(queued.status, 202, JSON.stringify(queued.body));
  return { realmId, jobId: String(queued.body.data.id), records: records.length, admin };
}

/** The books a push of `shape` writes when nothing goes wrong. */
export async function cleanRunBooks(shape: PortfolioShape) {
  const run = await startService();
  try {
    const org = "org-clean";
    const { realmId, jobId, admin } = await queuePush(
      (m, p, b) => api(run, m, p, org, b),
      run.base,
      org,
      shape,
      run.service.config.quickbooks.emulatorAdminToken!,
    );
    while (await run.service.worker.runOnce()) { /* every due job */ }
    const job = (await api(run, "GET", `/sync/jobs/${jobId}`, org)).body.data;
    assert.equal(job.status, "succeeded", JSON.stringify(job).slice(0, 500));
    return await emulatorBooks(admin, realmId);
  } finally {
    await run.close();
  }
}

/** Polls `read` every 25 ms until it answers something, failing after `timeoutMs`. */
export async function poll<T>(
  what: string,
  timeoutMs: number,
  read: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/**
 * API calls to a service process with a bearer token; `base` is read at each call, so it follows
 * the process across restarts.
 */
export function processApi(base: () => string, bearer: string): OrgApi {
  return async (method, path, body) => {
    const res = await fetch(`${base()}/api/quickbooks${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${bearer}`,
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() } satisfies ApiResponse;
  };
}
