import assert from "node:assert/strict";
import { entityTier, removalKind } from "../../../domain/sync/entity_order.ts";
import { isDomainError } from "../../../domain/errors.ts";

Deno.test("entityTier: lists before names before transactions before payments", () => {
  const order = [
    "Class",
    "Department",
    "Item",
    "Account",
    "Customer",
    "Vendor",
    "Invoice",
    "Bill",
    "Purchase",
    "JournalEntry",
    "Payment",
    "BillPayment",
  ].map(entityTier);
  assert.deepEqual(order, [0, 0, 0, 0, 1, 1, 2, 2, 2, 2, 3, 3]);
});

Deno.test("entityTier: an unknown entity type is a VALIDATION_FAILED error", () => {
  assert.throws(
    () => entityTier("Spaceship"),
    (e: unknown) => isDomainError(e) && e.code === "VALIDATION_FAILED",
  );
});

Deno.test("removalKind: voids what QBO can void, deletes other transactions, deactivates names", () => {
  assert.equal(removalKind("Invoice", "voided"), "void");
  assert.equal(removalKind("Payment", "voided"), "void");
  assert.equal(removalKind("Invoice", "deleted"), "delete");
  assert.equal(removalKind("Bill", "voided"), "delete");
  assert.equal(removalKind("Vendor", "voided"), "deactivate");
  assert.equal(removalKind("Item", "deleted"), "deactivate");
});
