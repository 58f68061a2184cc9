import assert from "node:assert/strict";
import { DomainError } from "../../../domain/errors.ts";
import { readQuickBooks } from "../../../src/quickbooks_passthrough/read_quickbooks.ts";
import { ADMIN, startPassThroughStack } from "./passthrough_stack.ts";

Deno.test({
  sanitizeResources: false,
  sanitizeOps: false,
  name: "readQuickBooks: the object as QBO answers it; one QBO does not have is NOT_FOUND; accountants read",
  async fn() {
    const { deps, h, close } = await startPassThroughStack();
    try {
      const [account] = await h.gateway.query(h.target, { entityName: "Account", limit: 1 });
      const read = await readQuickBooks(deps, { ...ADMIN, role: "accountant" }, {
        entity: "Account",
        id: String(account.Id),
      });
      assert.deepEqual(read.object, account);
      await assert.rejects(
        readQuickBooks(deps, ADMIN, { entity: "Invoice", id: "424242" }),
        (error: unknown) =>
          error instanceof DomainError && error.code === "NOT_FOUND" && error.details.entity === "Invoice",
      );
    } finally {
      await close();
    }
  },
});
