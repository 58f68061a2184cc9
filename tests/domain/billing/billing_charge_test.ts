import assert from "node:assert/strict";
import fc from "fast-check";
import { chargeKey, compactId } from "../../../domain/billing/billing_charge.ts";
import { EntityIdSchema } from "../../../domain/model/estatecore/entity_id.ts";

Deno.test("chargeKey: one key per (lease, period, type)", () => {
  assert.equal(chargeKey("lease_1", "2026-03", "rent"), "chg_lease_1_2026-03_rent");
  assert.notEqual(chargeKey("lease_1", "2026-03", "rent"), chargeKey("lease_1", "2026-03", "late_fee"));
  assert.notEqual(chargeKey("lease_1", "2026-03", "rent"), chargeKey("lease_1", "2026-04", "rent"));
});

Deno.test("chargeKey: always a valid entity id for a valid lease id, even a very long one (property)", () => {
  fc.assert(
    fc.property(
      fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,299}$/).filter((s) => !s.includes("..")),
      (leaseId) => {
        const key = chargeKey(leaseId, "2026-03", "security_deposit");
        assert.ok(key.length <= 100);
        assert.equal(EntityIdSchema.parse(key), key);
      },
    ),
  );
});

Deno.test("compactId: short ids unchanged, long ids hashed deterministically", () => {
  assert.equal(compactId("abc", 70), "abc");
  const long = "x".repeat(71);
  assert.equal(compactId(long, 70), compactId(long, 70));
  assert.match(compactId(long, 70), /^h[0-9a-f]{16}$/);
});
