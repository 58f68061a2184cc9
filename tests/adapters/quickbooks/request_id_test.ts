import assert from "node:assert/strict";
import { requestIdFor } from "../../../adapters/quickbooks/request_id.ts";

Deno.test("requestIdFor is deterministic, distinct per key and fits QBO's 36-character batch limit", async () => {
  const a = await requestIdFor("org-1:lease-42:2026-11:invoice");
  assert.equal(a, await requestIdFor("org-1:lease-42:2026-11:invoice"));
  assert.notEqual(a, await requestIdFor("org-1:lease-42:2026-12:invoice"));
  assert.match(a, /^[0-9a-f]{32}$/);
});
