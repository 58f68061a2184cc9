import assert from "node:assert/strict";
import { parseKeyRing } from "../../../adapters/crypto/key_ring.ts";
import { isDomainError } from "../../../domain/errors.ts";

const keyA = btoa(String.fromCharCode(...new Uint8Array(32).fill(1)));
const keyB = btoa(String.fromCharCode(...new Uint8Array(32).fill(2))).replaceAll("+", "-").replaceAll(
  "/",
  "_",
);

Deno.test("parseKeyRing makes the first key current and finds every key by id", () => {
  const ring = parseKeyRing(`new:${keyB}, old:${keyA}`);
  assert.equal(ring.current.id, "new");
  assert.deepEqual(ring.ids, ["new", "old"]);
  assert.equal(ring.find("old")?.material[0], 1);
  assert.equal(ring.find("missing"), undefined);
});

Deno.test("parseKeyRing rejects short keys, missing ids and duplicate ids with CONFIG_INVALID", () => {
  for (const spec of ["", `k1:${btoa("short")}`, keyA, `k1:${keyA},k1:${keyB}`, "k1:%%%"]) {
    assert.throws(
      () => parseKeyRing(spec),
      (error) => isDomainError(error) && error.code === "CONFIG_INVALID",
    );
  }
});
