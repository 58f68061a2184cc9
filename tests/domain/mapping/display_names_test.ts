import assert from "node:assert/strict";
import fc from "fast-check";
import { assignDisplayNames } from "../../../domain/mapping/display_names.ts";

Deno.test("assignDisplayNames: unique names stay plain, namesakes get property and unit", () => {
  const names = assignDisplayNames([
    { id: "t1", preferred: "Jane Doe", qualifier: "Maple Ct 4B" },
    { id: "t2", preferred: "jane doe", qualifier: "Oak Plaza 2" },
    { id: "t3", preferred: "John Roe" },
  ]);
  assert.deepEqual(Object.fromEntries(names), {
    t1: "Jane Doe (Maple Ct 4B)",
    t2: "jane doe (Oak Plaza 2)",
    t3: "John Roe",
  });
});

Deno.test("assignDisplayNames: same name in the same unit adds the tenant id; reserved names are avoided", () => {
  const names = assignDisplayNames([
    { id: "t1", preferred: "Jane Doe", qualifier: "Maple Ct 4B" },
    { id: "t2", preferred: "Jane Doe", qualifier: "Maple Ct 4B" },
    { id: "t3", preferred: "Bob Lee" },
  ], ["BOB LEE"]);
  assert.deepEqual(Object.fromEntries(names), {
    t1: "Jane Doe (Maple Ct 4B, t1)",
    t2: "Jane Doe (Maple Ct 4B, t2)",
    t3: "Bob Lee (t3)",
  });
});

Deno.test("assignDisplayNames: pinned names already in QBO are kept", () => {
  const names = assignDisplayNames([
    { id: "t1", preferred: "Jane Doe", qualifier: "Maple Ct 4B", pinned: "Jane Doe" },
    { id: "t2", preferred: "Jane Doe", qualifier: "Oak Plaza 2" },
  ]);
  assert.deepEqual(Object.fromEntries(names), { t1: "Jane Doe", t2: "Jane Doe (Oak Plaza 2)" });
});

Deno.test("assignDisplayNames: strips ':' tab newline and cuts to 500 characters", () => {
  const names = assignDisplayNames([{ id: "t1", preferred: "A:B\tC\nD" }, {
    id: "t2",
    preferred: "x".repeat(900),
  }]);
  assert.equal(names.get("t1"), "A B C D");
  assert.equal(names.get("t2")?.length, 500);
});

const candidate = fc.record({
  id: fc.string({ minLength: 1, maxLength: 6 }),
  preferred: fc.oneof(fc.constantFrom("Jane Doe", "jane doe", "A:B", "Jane Doe (Maple 4B)", ""), fc.string()),
  qualifier: fc.option(fc.constantFrom("Maple 4B", "Oak 1", "x:y", "\t"), { nil: undefined }),
  pinned: fc.option(fc.constantFrom("Jane Doe", "Jane Doe (Maple 4B)"), { nil: undefined }),
});

Deno.test("assignDisplayNames: names are unique (case-insensitively), never contain ':' and fit 500 (property)", () => {
  fc.assert(fc.property(
    fc.uniqueArray(candidate, { selector: (c) => c.id, maxLength: 25 }),
    fc.array(fc.constantFrom("Jane Doe", "Oak 1", "jane doe (maple 4b)"), { maxLength: 3 }),
    (candidates, reserved) => {
      const names = assignDisplayNames(candidates, reserved);
      const values = [...names.values()];
      assert.equal(names.size, candidates.length);
      const keys = values.map((n) => n.toLowerCase());
      assert.equal(new Set(keys).size, keys.length);
      for (const r of reserved) assert.ok(!keys.includes(r.toLowerCase()));
      for (const name of values) {
        assert.ok(!/[:\t\n\r]/.test(name), name);
        assert.ok(Array.from(name).length <= 500 && name.trim() === name && name.length > 0);
      }
    },
  ));
});

Deno.test("assignDisplayNames: the result does not depend on input order (property)", () => {
  fc.assert(fc.property(fc.uniqueArray(candidate, { selector: (c) => c.id, maxLength: 15 }), (candidates) => {
    const forward = Object.fromEntries(assignDisplayNames(candidates));
    const backward = Object.fromEntries(assignDisplayNames([...candidates].reverse()));
    assert.deepEqual(forward, backward);
  }));
});
