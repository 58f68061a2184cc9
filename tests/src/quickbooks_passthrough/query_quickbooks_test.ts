import assert from "node:assert/strict";
import { DomainError } from "../../../domain/errors.ts";
import { queryQuickBooks } from "../../../src/quickbooks_passthrough/query_quickbooks.ts";
import { ADMIN, startPassThroughStack } from "./passthrough_stack.ts";

const options = { sanitizeResources: false, sanitizeOps: false };

Deno.test({
  ...options,
  name:
    "queryQuickBooks: pages through an entity until a short page; COUNT(*) answers a total and no next page",
  async fn() {
    const { deps, h, close } = await startPassThroughStack();
    try {
      const all = await h.gateway.query(h.target, { entityName: "Account" });
      const seen: string[] = [];
      let start: number | null = 1;
      let pages = 0;
      while (start !== null) {
        const page = await queryQuickBooks(deps, ADMIN, {
          entity: "Account",
          orderBy: "Id",
          startPosition: start,
          maxResults: 20,
        });
        assert.equal(page.realmId, h.realmId);
        assert.equal(page.startPosition, start);
        seen.push(...page.items.map((a) => String(a.Id)));
        start = page.nextStartPosition;
        pages++;
      }
      assert.deepEqual(seen, all.map((a) => String(a.Id)).sort((a, b) => Number(a) - Number(b)));
      assert.equal(pages, Math.floor(all.length / 20) + 1);

      const count = await queryQuickBooks(deps, ADMIN, {
        entity: "Account",
        query: "SELECT COUNT(*) FROM Account",
      });
      assert.equal(count.totalCount, all.length);
      assert.equal(count.nextStartPosition, null);
      assert.deepEqual(count.items, []);
    } finally {
      await close();
    }
  },
});

Deno.test({
  ...options,
  name:
    "queryQuickBooks: a scoped caller, a viewer and a statement of another entity are refused before QBO is asked",
  async fn() {
    const { deps, h, close } = await startPassThroughStack();
    try {
      const before = h.calls.total;
      for (
        const [caller, request, code] of [
          [{ ...ADMIN, propertyIds: ["prop_1"] }, { entity: "Customer" }, "FORBIDDEN"],
          [{ ...ADMIN, role: "viewer" }, { entity: "Customer" }, "FORBIDDEN"],
          [ADMIN, { entity: "Customer", query: "SELECT * FROM Vendor" }, "VALIDATION_FAILED"],
        ] as const
      ) {
        await assert.rejects(
          queryQuickBooks(deps, caller, request),
          (error: unknown) => error instanceof DomainError && error.code === code,
        );
      }
      assert.equal(h.calls.total, before);
    } finally {
      await close();
    }
  },
});
