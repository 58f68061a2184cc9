import assert from "node:assert/strict";
import { parseQuery } from "../../../../adapters/quickbooks-emulator/query/query_parser.ts";
import { runQuery } from "../../../../adapters/quickbooks-emulator/query/query_evaluator.ts";
import { QueryError } from "../../../../adapters/quickbooks-emulator/query/query_error.ts";

/**
 * Replays the queries recorded against real QBO on the objects those recordings returned, and
 * checks the emulator picks the same objects and counts. (Default order is not compared: the
 * emulator orders by Id, QBO by a name key for name lists.)
 */
interface Recording {
  request: { uri: string };
  status: number;
  response: {
    QueryResponse?: Record<string, unknown>;
    Fault?: { Error: { Message: string; Detail: string; code: string }[] };
  };
}

function recording(name: string): Recording {
  const url = new URL(`../../../../../shared/fixtures/quickbooks-recorded/${name}`, import.meta.url);
  return JSON.parse(Deno.readTextFileSync(url));
}

function queryOf(rec: Recording): string {
  return new URL(rec.request.uri).searchParams.get("query") ?? "";
}

type Row = Record<string, unknown>;

/** Every customer the sandbox held (all active), from the unfiltered recording. */
const customers = recording("error__400__0.json").response.QueryResponse!.Customer as Row[];
/** Every vendor including the inactive one. */
const vendors = recording("get__inactive_vendors__0.json").response.QueryResponse!.Vendor as Row[];
const employees = recording("all__employees_including_active__1.json").response.QueryResponse!
  .Employee as Row[];

function replay(
  name: string,
  rows: Row[],
  entity: string,
): { expected: Record<string, unknown>; actual: ReturnType<typeof runQuery> } {
  const rec = recording(name);
  return { expected: rec.response.QueryResponse!, actual: runQuery(parseQuery(queryOf(rec)), rows, entity) };
}

function sortedIds(rows: readonly Row[]): string[] {
  return rows.map((r) => String(r.Id)).sort();
}

Deno.test("parseQuery reproduces the recorded fault for a misspelt entity", () => {
  const rec = recording("error__400__1.json");
  try {
    parseQuery(queryOf(rec));
    assert.fail("expected a QueryError");
  } catch (error) {
    assert.ok(error instanceof QueryError);
    assert.deepEqual(error.toFaultError(), rec.response.Fault!.Error[0]);
  }
});

Deno.test("runQuery matches recorded COUNT(*) answers", () => {
  for (
    const [name, rows, entity] of [
      ["all__alt_select__0.json", customers, "Customer"],
      ["all__customers__0.json", customers, "Customer"],
      ["all__vendors_by_5__0.json", vendors, "Vendor"],
      ["all__employees_including_active__0.json", employees, "Employee"],
    ] as const
  ) {
    const { expected, actual } = replay(name, [...rows], entity);
    assert.equal(actual.count, expected.totalCount, name);
  }
});

Deno.test("runQuery pages recorded Id IN queries exactly as QBO did", () => {
  for (const name of ["all__alt_select__1.json", "all__alt_select__2.json", "all__alt_select__3.json"]) {
    const { expected, actual } = replay(name, customers, "Customer");
    assert.deepEqual(actual.rows.map((r) => r.Id), (expected.Customer as Row[]).map((r) => r.Id), name);
    assert.equal(actual.startPosition, expected.startPosition);
    assert.equal(actual.maxResults, expected.maxResults);
  }
  const { actual } = replay("all__alt_select__4.json", customers, "Customer");
  assert.equal(actual.rows.length, 0);
});

Deno.test("runQuery hides the inactive vendor as the recorded vendor paging did", () => {
  const seen: Row[] = [];
  for (let page = 1; page <= 6; page++) {
    const { expected, actual } = replay(`all__vendors_by_5__${page}.json`, vendors, "Vendor");
    assert.equal(actual.maxResults, expected.maxResults);
    seen.push(...actual.rows);
  }
  const recorded = [1, 2, 3, 4, 5, 6].flatMap((p) =>
    recording(`all__vendors_by_5__${p}.json`).response.QueryResponse!.Vendor as Row[]
  );
  assert.deepEqual(sortedIds(seen), sortedIds(recorded));
  assert.ok(!seen.some((v) => v.Active === false));
});

Deno.test("runQuery finds recorded DisplayName lookups with an escaped apostrophe and an ampersand", () => {
  const amy = replay("get__display_name__0.json", customers, "Customer");
  assert.deepEqual(sortedIds(amy.actual.rows), sortedIds(amy.expected.Customer as Row[]));
  const robertson = replay("misc__ampersand__0.json", vendors, "Vendor");
  assert.deepEqual(sortedIds(robertson.actual.rows), sortedIds(robertson.expected.Vendor as Row[]));
});

Deno.test("runQuery returns inactive employees when Active IN (true, false)", () => {
  const { expected, actual } = replay("all__employees_including_active__1.json", employees, "Employee");
  assert.deepEqual(sortedIds(actual.rows), sortedIds(expected.Employee as Row[]));
  assert.equal(actual.maxResults, 2);
});

Deno.test("parseQuery accepts every recorded query", () => {
  const names = [
    ...Deno.readDirSync(new URL("../../../../../shared/fixtures/quickbooks-recorded/", import.meta.url)),
  ]
    .map((e) => e.name).filter((n) => n.endsWith(".json"));
  let parsed = 0;
  for (const name of names) {
    const rec = recording(name);
    if (!rec.request.uri.includes("query=") || rec.status !== 200) continue;
    assert.doesNotThrow(() => parseQuery(queryOf(rec)), name);
    parsed++;
  }
  assert.ok(parsed >= 15, `only ${parsed} recorded queries found`);
});
