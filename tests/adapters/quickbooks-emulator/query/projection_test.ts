import assert from "node:assert/strict";
import { projectRow, resolveProjection } from "../../../../adapters/quickbooks-emulator/query/projection.ts";
import { QueryError } from "../../../../adapters/quickbooks-emulator/query/query_error.ts";

const CUSTOMER = new Set([
  "Id",
  "SyncToken",
  "DisplayName",
  "PrimaryEmailAddr",
  "BillAddr",
  "status",
  "MetaData",
]);

function faultOf(run: () => unknown): { code: string; detail: string } {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof QueryError);
    return { code: error.code, detail: error.detail };
  }
  throw new assert.AssertionError({ message: "expected a QueryError" });
}

Deno.test("resolveProjection canonicalises names case-insensitively and drops repeats", () => {
  assert.deepEqual(resolveProjection("Customer", ["id", "DISPLAYNAME", "Id"], CUSTOMER), [
    "Id",
    "DisplayName",
  ]);
  assert.deepEqual(resolveProjection("Customer", ["PrimaryEmailAddr", "MetaData"], CUSTOMER), [
    "PrimaryEmailAddr",
    "MetaData",
  ]);
});

Deno.test("resolveProjection answers QBO's 4001 for unknown, address, status and nested properties", () => {
  assert.deepEqual(faultOf(() => resolveProjection("Customer", ["Id", "Nickname"], CUSTOMER)), {
    code: "4001",
    detail: "QueryValidationError: Property Nickname not found for Entity Customer",
  });
  // Recorded against real QBO: addresses cannot be selected.
  assert.equal(
    faultOf(() => resolveProjection("Customer", ["BillAddr"], CUSTOMER)).detail,
    "QueryValidationError: Property BillAddr not found for Entity Customer",
  );
  assert.equal(
    faultOf(() => resolveProjection("Customer", ["status"], CUSTOMER)).detail,
    "QueryValidationError: Property status not found for Entity Customer",
  );
  assert.equal(
    faultOf(() => resolveProjection("Customer", ["PrimaryEmailAddr.Address"], CUSTOMER)).detail,
    "QueryValidationError: Property PrimaryEmailAddr.Address not found for Entity Customer",
  );
  // Only the first offending property is named.
  assert.match(
    faultOf(() => resolveProjection("Customer", ["Foo", "Bar"], CUSTOMER)).detail,
    /Property Foo /,
  );
});

Deno.test("resolveProjection takes simple names as written for an entity without a field list", () => {
  assert.deepEqual(resolveProjection("TaxCode", ["Id", "Name"], undefined), ["Id", "Name"]);
  assert.equal(faultOf(() => resolveProjection("TaxCode", ["A.B"], undefined)).code, "4001");
});

Deno.test("projectRow keeps the selected non-empty values, adds Id and sparse: true", () => {
  const row = { Id: "7", Name: "Checking", AcctNum: null, domain: "QBO", sparse: false, SyncToken: "2" };
  assert.deepEqual(projectRow(row, ["Name", "AcctNum"]), { Name: "Checking", Id: "7", sparse: true });
  assert.deepEqual(projectRow(row, ["Id"]), { Id: "7", sparse: true });
});
