import assert from "node:assert/strict";
import { renderOpenApi } from "../src/openapi_main.ts";

Deno.test("openapi/openapi.json matches what the routes produce (run `deno task openapi` after API changes)", async () => {
  const committed = await Deno.readTextFile(new URL("../openapi/openapi.json", import.meta.url));
  const produced = await renderOpenApi();
  assert.equal(committed, produced, "openapi/openapi.json is stale: run `deno task openapi` and commit it");
  const doc = JSON.parse(produced);
  assert.equal(doc.openapi, "3.1.0");
  assert.ok(doc.paths["/health"], "health is documented");
  for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, { responses: object }>>)) {
    for (const [method, op] of Object.entries(ops)) {
      assert.ok(Object.keys(op.responses).length > 0, `${method} ${path} documents its responses`);
    }
  }
});
