/**
 * pushPortfolio after a crash between QuickBooks' answer and the links being stored: the objects
 * QBO created are found by their natural key (DisplayName, Name, our deterministic DocNumber) and
 * adopted, never created twice, even when the lost create comes back in another batch under
 * another requestid (the deposit journal of a move-out is planned in a later round than the
 * invoices it follows; after the crash it joins the first round's batches).
 */
import assert from "node:assert/strict";
import { sql } from "kysely";
import {
  emulatorAccountMapping,
  type PortfolioShape,
  samplePortfolio,
} from "../../../src/demo/sample_portfolio.ts";
import { pushPortfolio } from "../../../src/sync/push_portfolio.ts";
import { startQboHarness } from "../../support/qbo_harness.ts";

const NOW = "2026-04-01T00:00:00.000Z";
const clock = { now: () => new Date(NOW) };

/** A company pushed once with `shape`, nothing refused: the harness and the push's dependencies. */
async function pushedOnce(shape: PortfolioShape) {
  const h = await startQboHarness();
  await h.mappings.putDefaults("org-1", await emulatorAccountMapping((n) => h.accountId(n)), NOW);
  await h.mirror.upsertMany(
    "org-1",
    samplePortfolio(shape).map((r) => ({
      recordType: r.recordType,
      recordId: r.recordId,
      propertyId: r.propertyId,
      data: r.data,
    })),
    NOW,
  );
  const deps = { ...h, clock };
  assert.deepEqual((await pushPortfolio(deps, h.target)).failed, []);
  return { h, deps };
}

Deno.test({
  name: "pushPortfolio adopts a deposit journal a lost answer left in QuickBooks instead of booking it twice",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { h, deps } = await pushedOnce({ properties: 1, unitsPerProperty: 3, months: 2, moveOut: true });
    try {
      const count = async (entity: string) =>
        (await h.gateway.query(h.target, { entityName: entity })).length;
      const before = {
        JournalEntry: await count("JournalEntry"),
        Invoice: await count("Invoice"),
        Customer: await count("Customer"),
      };
      assert.ok(before.JournalEntry >= 1, "the move-out booked a deposit journal");

      // The answer of the journal's create was "lost": QBO holds it, the service has no link.
      await sql`DELETE FROM sync_links WHERE entity_type = 'JournalEntry'`.execute(h.database.db);
      const second = await pushPortfolio(deps, h.target);
      assert.deepEqual(second.failed, []);
      assert.deepEqual(
        {
          JournalEntry: await count("JournalEntry"),
          Invoice: await count("Invoice"),
          Customer: await count("Customer"),
        },
        before,
        "the journal adopted, nothing created again",
      );
      const links = await h.links.listForRealm("org-1", h.realmId);
      assert.equal(links.filter((l) => l.entityType === "JournalEntry").length, before.JournalEntry);
    } finally {
      await h.close();
    }
  },
});

Deno.test({
  name:
    "pushPortfolio adopts payments a lost answer left in QuickBooks, found by their note among the customer's",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { h, deps } = await pushedOnce({ properties: 1, unitsPerProperty: 3, months: 2 });
    try {
      const payments = async () => (await h.gateway.query(h.target, { entityName: "Payment" })).length;
      const before = await payments();
      assert.ok(before >= 3);
      // One payment's answer was lost: re-planned alone, its batch has a requestid QBO never saw.
      const [lost] = (await h.links.listForRealm("org-1", h.realmId)).filter((l) =>
        l.entityType === "Payment"
      );
      await sql`DELETE FROM sync_links WHERE entity_type = 'Payment' AND record_id = ${lost.recordId}`
        .execute(
          h.database.db,
        );
      const second = await pushPortfolio(deps, h.target);
      assert.deepEqual(second.failed, [], "not sent again (its paid invoice would refuse it: 6000)");
      assert.equal(await payments(), before, "none created twice");
      const links = (await h.links.listForRealm("org-1", h.realmId)).filter((l) =>
        l.entityType === "Payment"
      );
      assert.equal(links.length, before, "linked again");
      assert.equal(
        links.find((l) => l.recordId === lost.recordId)?.qboId,
        lost.qboId,
        "to the object QBO holds",
      );
    } finally {
      await h.close();
    }
  },
});
