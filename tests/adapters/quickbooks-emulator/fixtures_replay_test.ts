import assert from "node:assert/strict";
import { Hono } from "hono";
import { createAccountingApi } from "../../../adapters/quickbooks-emulator/accounting/mod.ts";
import {
  readFixture,
  RECORDED_DIR,
  type RecordedFixture,
  recordedSandbox,
} from "./accounting/recorded_sandbox.ts";

/**
 * Replays the recorded real-QBO exchanges against the emulator's accounting core. The company is
 * rebuilt from the recordings (same Ids and SyncTokens, see recorded_sandbox.ts), each recorded
 * request is sent unchanged except for the host/realm part of its path, and the answer must match
 * the recording in status, envelope keys, fault code and type, and the property names of every
 * returned object (values that depend on ids, time or the sample data are not compared).
 */

/** Fixtures of features outside the accounting core, with the reason. */
const SKIPPED: Record<string, string> = {
  "error__401__0.json":
    "gateway authentication fault: produced by the gateway in front of this app, tested there",
  "reports__gl__0.json":
    "GeneralLedger report: only ProfitAndLoss, BalanceSheet and AgedReceivables are in scope",
};

/**
 * Properties compared in neither direction: DefaultTaxCodeRef is set by QBO itself in companies
 * with sales tax on (not emulated), and the recordings disagree among themselves about it
 * (customer 5 has it in get__id__0, not in the customer list).
 */
const TOLERATED = ["DefaultTaxCodeRef"];

/**
 * Rows not compared because the list was recorded after another recorded write changed them
 * (customer 68 gained a phone in update__customer__1; the sandbox holds its earlier state).
 */
const ROWS_RECORDED_LATER: Record<string, readonly string[]> = {
  "all__customers__1.json": ["68"],
  "error__400__0.json": ["68"],
};

/**
 * Pages whose rows depend on QBO's default order (by name) rather than the emulator's (by Id), so
 * no returned row may have a recorded twin; their envelopes are still compared.
 */
const ORDER_DEPENDENT = ["all__vendors_by_5__6.json"];

/** Objects the replayed request creates itself, so the sandbox must not hold them yet. */
const OMIT_FROM_SANDBOX: Record<string, { persons?: number[]; txns?: number[] }> = {
  "create__customer__0.json": { persons: [70] },
  "create__invoice__0.json": { txns: [266] },
};

/** Invoice 75, which the recorded attachment uploads link to (no recording shows it). */
const FILL_SANDBOX: Record<string, { invoices: number[] }> = {
  "attachment__create_for_invoice__0.json": { invoices: [75] },
  "attachment__read_attachment__0.json": { invoices: [75] },
  "attachment__delete_attachment__0.json": { invoices: [75] },
};

/**
 * The attachable the recorded read and delete address, uploaded beforehand with its recorded Id
 * (5000000000000503624 is the emulator's 503624th attachable id) from the recorded upload.
 */
const RECORDED_ATTACHABLE = ["attachment__read_attachment__0.json", "attachment__delete_attachment__0.json"];

function uploadRecordedAttachable(sandbox: ReturnType<typeof recordedSandbox>): void {
  const { ops } = sandbox;
  ops.state.reserve("id:Attachable", 503_623);
  const created = ops.create("Attachable", {
    AttachableRef: [{ EntityRef: { type: "Invoice", value: "75" } }],
    FileName: "no_detail.xml",
    ContentType: "text/xml",
  });
  assert.equal(created.Id, "5000000000000503624");
  ops.state.files.put(sandbox.realmId, String(created.Id), new Uint8Array(538), "2020-09-29T06:33:46-07:00");
}

/** The multipart content type of a recorded upload body (its boundary is the first line minus "--"). */
function contentTypeOf(method: string, path: string, body: string): string {
  if (body.startsWith("--")) return `multipart/form-data; boundary=${body.slice(2, body.indexOf("\r\n"))}`;
  return method === "POST" && /\/query(\?|$)/.test(path) ? "application/text" : "application/json";
}

/**
 * The recorded CDC call asked for 2011 changes, which today's 30-day limit refuses; it is
 * replayed with a changedSince inside the window.
 */
function adjustUri(fixture: string, uri: string, now: Date): string {
  if (fixture !== "cdc__basic__0.json") return uri;
  const since = new Date(now.getTime() - 3600_000).toISOString();
  return uri.replace(/changedSince=[^&]+/, `changedSince=${encodeURIComponent(since)}`);
}

/** `https://host/v3/company/-COMPANY_ID-/x` and `https://host/v3/x` -> `/v3/company/{realm}/x`. */
function localPath(uri: string, realmId: string): string {
  const url = new URL(uri);
  const rest = url.pathname.replace(/^\/v3\/(company\/[^/]+\/)?/, "");
  return `/v3/company/${realmId}/${rest}${url.search}`;
}

type Json = Record<string, unknown>;

function keys(value: unknown): string[] {
  return value && typeof value === "object" && !Array.isArray(value) ? Object.keys(value).sort() : [];
}

function assertSameProperties(
  where: string,
  recorded: unknown,
  actual: unknown,
  tolerated: readonly string[] = [],
) {
  const rec = new Set(keys(recorded));
  const act = new Set(keys(actual));
  const missing = [...rec].filter((k) => !act.has(k) && !tolerated.includes(k));
  const extra = [...act].filter((k) => !rec.has(k) && !tolerated.includes(k));
  assert.ok(
    missing.length === 0 && extra.length === 0,
    `${where}: property names differ: ${JSON.stringify({ missing, extra })}`,
  );
}

function assertFault(where: string, recorded: Json, actual: Json) {
  const r = recorded as { Error: Json[]; type: string };
  const a = actual as { Error: Json[]; type: string };
  assert.equal(a.type, r.type, `${where}: fault type`);
  assert.equal(a.Error[0].code, r.Error[0].code, `${where}: fault code`);
  assert.equal(a.Error[0].Message, r.Error[0].Message, `${where}: fault message`);
}

/** Rows are matched by Id (page order may differ); matched rows must have the same properties. */
function assertRows(
  where: string,
  recorded: Json[],
  actual: Json[],
  tolerated: readonly string[],
  skipIds: readonly string[],
): number {
  const byId = new Map(recorded.map((r) => [String(r.Id), r]));
  let matched = 0;
  for (const row of actual) {
    const twin = skipIds.includes(String(row.Id)) ? undefined : byId.get(String(row.Id));
    if (!twin) continue;
    assertSameProperties(`${where} Id ${row.Id}`, twin, row, tolerated);
    matched++;
  }
  return matched;
}

function assertQueryResponse(
  where: string,
  recorded: Json,
  actual: Json,
  tolerated: readonly string[],
  skipIds: readonly string[] = [],
) {
  assertSameProperties(`${where} QueryResponse`, recorded, actual);
  for (const key of keys(recorded)) {
    if (!Array.isArray(recorded[key])) continue;
    const matched = assertRows(
      `${where} ${key}`,
      recorded[key] as Json[],
      actual[key] as Json[],
      tolerated,
      skipIds,
    );
    if (!ORDER_DEPENDENT.some((f) => where.startsWith(f))) {
      assert.ok(matched > 0, `${where} ${key}: no returned row has a recorded twin to compare with`);
    }
  }
}

function assertBody(fixture: string, recorded: Json, actual: Json) {
  const tolerated = TOLERATED;
  // QBO omits `time` on a few faults (error__500__1); the emulator always sends it.
  const actualTop = "time" in recorded
    ? actual
    : Object.fromEntries(Object.entries(actual).filter(([k]) => k !== "time"));
  assertSameProperties(`${fixture} envelope`, recorded, actualTop);
  for (const [key, value] of Object.entries(recorded)) {
    const got = actual[key] as Json;
    if (key === "time") continue;
    if (key === "Fault") assertFault(fixture, value as Json, got);
    else if (key === "QueryResponse") {
      assertQueryResponse(fixture, value as Json, got, tolerated, ROWS_RECORDED_LATER[fixture]);
    } else if (key === "BatchItemResponse") {
      const items = value as Json[];
      const gotItems = got as unknown as Json[];
      assert.equal(gotItems.length, items.length, `${fixture}: batch size`);
      items.forEach((item, i) => {
        const where = `${fixture} bId ${item.bId}`;
        assertSameProperties(where, item, gotItems[i]);
        assert.equal(gotItems[i].bId, item.bId);
        if (item.Fault) assertFault(where, item.Fault as Json, gotItems[i].Fault as Json);
        else if (item.QueryResponse) {
          assertQueryResponse(
            where,
            item.QueryResponse as Json,
            gotItems[i].QueryResponse as Json,
            tolerated,
          );
        } else {
          const entity = keys(item).find((k) => k !== "bId")!;
          assertSameProperties(`${where} ${entity}`, item[entity], gotItems[i][entity], tolerated);
        }
      });
    } else if (key === "CDCResponse") {
      const groups = ((value as Json[])[0].QueryResponse) as Json[];
      const gotGroups = ((got as unknown as Json[])[0].QueryResponse) as Json[];
      assert.equal(gotGroups.length, groups.length, `${fixture}: CDC groups`);
      groups.forEach((g, i) => assertQueryResponse(`${fixture} CDC`, g, gotGroups[i], tolerated));
    } else if (key === "AttachableResponse") {
      const items = value as Json[];
      const gotItems = got as unknown as Json[];
      assert.equal(gotItems.length, items.length, `${fixture}: attachable responses`);
      items.forEach((item, i) => {
        assertSameProperties(`${fixture} item ${i}`, item, gotItems[i]);
        if (item.Fault) assertFault(`${fixture} item ${i}`, item.Fault as Json, gotItems[i].Fault as Json);
        else assertSameProperties(`${fixture} Attachable`, item.Attachable, gotItems[i].Attachable);
      });
    } else if (key === "Header") {
      assert.equal((got as Json).ReportName, (value as Json).ReportName);
    } else if (key === "Rows") {
      const groupsOf = (rows: Json) => ((rows.Row as Json[]) ?? []).map((r) => r.group).sort();
      assert.deepEqual(groupsOf(got), groupsOf(value as Json), `${fixture}: report sections`);
    } else if (key !== "Columns") {
      assertSameProperties(`${fixture} ${key}`, value, got, tolerated);
    }
  }
}

async function replay(fixture: string, recorded: RecordedFixture) {
  const sandbox = recordedSandbox(OMIT_FROM_SANDBOX[fixture], FILL_SANDBOX[fixture]);
  if (RECORDED_ATTACHABLE.includes(fixture)) uploadRecordedAttachable(sandbox);
  const app = new Hono().route(
    "/v3/company/:realmId",
    createAccountingApi({ companies: sandbox.companies, clock: sandbox.clock }),
  );
  const { method, uri, body } = recorded.request;
  const path = localPath(adjustUri(fixture, uri, sandbox.clock.now()), sandbox.realmId);
  const res = await app.request(path, {
    method,
    body: body === "" ? undefined : body,
    headers: { "content-type": contentTypeOf(method, path, body), accept: "application/json" },
  });
  const json = await res.json() as Json;
  assert.equal(res.status, recorded.status, `${fixture}: status (${JSON.stringify(json).slice(0, 300)})`);
  assertBody(fixture, recorded.response, json);
}

const ALL_FIXTURES = [...Deno.readDirSync(RECORDED_DIR)]
  .map((e) => e.name)
  .filter((n) => n.endsWith(".json"))
  .sort();

Deno.test("fixtures replay: every recorded fixture is either replayed or skipped with a reason", () => {
  assert.ok(ALL_FIXTURES.length >= 50, "the recorded fixtures directory is readable");
  for (const name of Object.keys(SKIPPED)) assert.ok(ALL_FIXTURES.includes(name), `${name} exists`);
});

for (const fixture of ALL_FIXTURES.filter((n) => !(n in SKIPPED))) {
  Deno.test(`fixtures replay: ${fixture}`, async () => {
    await replay(fixture, readFixture(fixture));
  });
}
