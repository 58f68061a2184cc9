import assert from "node:assert/strict";
import type { SyncLinkWrite } from "../../../domain/ports/sync_link_repository.ts";
import {
  adoptLinks,
  objectOf,
  startPush,
  withRefusedLinks,
  withStoredLinks,
} from "../../../domain/sync/push_state.ts";
import type { SyncLink } from "../../../domain/sync/sync_record.ts";

const link = (recordId: string, syncToken: string): SyncLink => ({
  recordId,
  entityType: "Customer",
  qboId: `q-${recordId}`,
  syncToken,
  fingerprint: "f",
  baseSnapshot: {},
  state: "active",
});
const write = (recordId: string, syncToken: string): SyncLinkWrite => ({
  ...link(recordId, syncToken),
  recordVersion: 1,
});

Deno.test("withStoredLinks: replaces a record's link or adds it, leaving the state it was given as it was", () => {
  const start = startPush([link("t1", "0"), link("t2", "0")]);
  const next = withStoredLinks(start, [write("t2", "5"), write("t3", "0")]);
  assert.deepEqual(next.links.map((l) => [l.recordId, l.syncToken]), [["t1", "0"], ["t2", "5"], ["t3", "0"]]);
  assert.deepEqual(start.links.map((l) => l.syncToken), ["0", "0"]);
  assert.equal(withStoredLinks(start, []), start);
});

Deno.test("adoptLinks: adopted objects are linked, confirmed and counted, once each", () => {
  const start = startPush([]);
  const once = adoptLinks(start, [write("t1", "2")]);
  const twice = adoptLinks(once, [write("t1", "2")]);
  assert.equal(twice.tally.adopted, 2, "the tally counts adoptions");
  assert.deepEqual([...twice.confirmed.values()], [{ entityType: "Customer", recordId: "t1" }]);
  assert.equal(twice.links.length, 1);
  assert.deepEqual([start.confirmed.size, start.tally.adopted, start.links.length], [0, 0, 0]);
  assert.deepEqual(twice.answered, new Set(), "an adoption is no write QBO answered");
});

Deno.test("withRefusedLinks: a link the store refused is the record's failure, and it keeps its earlier link", () => {
  const before = [link("t1", "0")];
  const written = adoptLinks(startPush(before), [write("t1", "3"), write("t2", "0")]);
  const taken = (recordId: string) => ({
    entityType: "Customer",
    recordId,
    code: "QBO_ID_ALREADY_LINKED",
    qboCode: "",
    message: "taken",
  });
  const stored = withRefusedLinks(written, before, [taken("t1"), taken("t2")]);
  assert.deepEqual(
    stored.links.map((l) => [l.recordId, l.syncToken]),
    [["t1", "0"]],
    "t1 keeps its link, t2 has none",
  );
  assert.deepEqual([...stored.refused.keys()].sort(), ["Customer/t1", "Customer/t2"]);
  assert.equal(stored.confirmed.size, 0, "neither counts as confirmed");
  assert.deepEqual(stored.answered, new Set(["Customer/t1", "Customer/t2"]));
  assert.equal(written.confirmed.size, 2, "the state it was given is left as it was");
  assert.equal(withRefusedLinks(written, before, []), written);
});

Deno.test("objectOf: keeps only the identity", () => {
  assert.deepEqual(objectOf(write("t1", "0")), { entityType: "Customer", recordId: "t1" });
});
