import assert from "node:assert/strict";
import {
  SqlPullCursorStore,
  SqlReviewQueue,
  SqlSyncEventLog,
} from "../../../adapters/persistence/repositories/pull_state_repositories.ts";
import type { NewAuditRecord } from "../../../domain/ports/audit_log.ts";
import type { QuickBooksConnection } from "../../../domain/ports/connection_repository.ts";
import { SyncSettingsSchema } from "../../../domain/ports/sync_settings_repository.ts";
import { emulatorAccountMapping, samplePortfolio } from "../../../src/demo/sample_portfolio.ts";
import { pullChanges } from "../../../src/sync/pull_changes.ts";
import { pushPortfolio } from "../../../src/sync/push_portfolio.ts";
import { resolveReview, resolveReviewAndPush, type ReviewSide } from "../../../src/sync/resolve_review.ts";
import { SYNC_JOB } from "../../../src/sync/sync_jobs.ts";
import { startQboHarness } from "../../support/qbo_harness.ts";
import type { Caller } from "../../../domain/access/caller.ts";

const ADMIN: Caller = { orgId: "org-1", userId: "user-7", role: "admin" };
/** An accountant limited to one property (property managers do not resolve conflicts). */
const managerOf = (propertyId: string): Caller => ({
  orgId: "org-1",
  userId: "user-7",
  role: "accountant",
  propertyIds: [propertyId],
});

const NOW = "2026-04-01T00:00:00.000Z";
const TENANT = "ten_1_1";
const INVOICE = "inv:lease_1_1|ten_1_1|2026-01";

/** A company synced under the manual policy, with helpers to edit either side and open a review. */
async function setup() {
  const h = await startQboHarness();
  await h.mirror.upsertMany("org-1", samplePortfolio({ properties: 1, unitsPerProperty: 3, months: 1 }), NOW);
  await h.mappings.putDefaults("org-1", await emulatorAccountMapping((n) => h.accountId(n)), NOW);
  await h.settings.save("org-1", {
    settings: SyncSettingsSchema.parse({ conflict_resolution: "manual" }),
    chosen: ["conflict_resolution"],
    validatedAgainstCompany: false,
    realmId: null,
  }, NOW);
  const audits: NewAuditRecord[] = [];
  const deps = {
    ...h,
    clock: { now: () => new Date(NOW) },
    cursors: new SqlPullCursorStore(h.database),
    events: new SqlSyncEventLog(h.database),
    reviews: new SqlReviewQueue(h.database, { newId: () => crypto.randomUUID() }),
    audit: (record: NewAuditRecord) => {
      if (!record.action.startsWith("qbo.")) audits.push(record); // the push's own records are tested elsewhere
      return Promise.resolve();
    },
  };
  assert.deepEqual((await pushPortfolio(deps, h.target)).failed, []);
  await pullChanges(deps, h.target);

  const qboObject = async (entityType: string, recordId: string) => {
    const link = (await h.links.get("org-1", h.realmId, entityType, recordId))!;
    return (await h.gateway.read(h.target, entityType, link.qboId))!;
  };
  const qboEdit = async (entityType: string, recordId: string, fields: Record<string, unknown>) => {
    const current = await qboObject(entityType, recordId);
    const out = await h.gateway.writeBatch(h.target, [{
      key: "e",
      entityName: entityType,
      operation: "update",
      payload: { Id: current.Id, SyncToken: current.SyncToken, sparse: true, ...fields },
    }], `qbo-user-${crypto.randomUUID().slice(0, 8)}`);
    assert.ok(out.results[0].ok, JSON.stringify(out.results[0]));
  };
  const editTenant = async (fields: Record<string, unknown>) => {
    const tenant = (await h.mirror.get("org-1", "tenant", TENANT))!;
    await h.mirror.upsertMany("org-1", [{
      recordType: "tenant",
      recordId: TENANT,
      propertyId: tenant.propertyId,
      data: { ...tenant.data, ...fields },
    }], NOW);
  };
  /** Pulls and returns the one open review. */
  const pullReview = async () => {
    assert.equal((await pullChanges(deps, h.target)).reviews, 1);
    const open = await deps.reviews.list("org-1", { status: "open", limit: 10 });
    assert.equal(open.length, 1);
    return open[0];
  };
  const resolve = (reviewId: string, side: ReviewSide, caller: Caller = ADMIN) =>
    resolveReview(deps, caller, { reviewId, side, requestId: "req-1" });
  return { h, deps, audits, qboObject, qboEdit, editTenant, pullReview, resolve };
}

/** A tenant's email edited differently on both sides. */
async function emailConflict(s: Awaited<ReturnType<typeof setup>>) {
  await s.editTenant({ email: "estatecore.side@example.com" });
  await s.qboEdit("Customer", TENANT, { PrimaryEmailAddr: { Address: "quickbooks.side@example.com" } });
  return await s.pullReview();
}

Deno.test("resolveReview estatecore: the next push writes EstateCore's values over QBO's, once; resolving twice is CONFLICT", async () => {
  const s = await setup();
  try {
    const review = await emailConflict(s);
    // The caller is checked against the tenant's property before anything is written.
    await assert.rejects(() => s.resolve(review.id, "estatecore", managerOf("prop_2")), {
      code: "FORBIDDEN",
      details: { permission: "conflicts:resolve", reason: "property_out_of_scope" },
    });
    assert.equal((await s.deps.reviews.get("org-1", review.id))!.status, "open");
    const resolution = await s.resolve(review.id, "estatecore", managerOf("prop_1"));
    assert.deepEqual(resolution.fieldsToQuickbooks, ["PrimaryEmailAddr"]);
    assert.deepEqual(resolution.fieldsToEstatecore, []);
    assert.equal(resolution.review.status, "resolved");
    assert.equal((await s.deps.reviews.get("org-1", review.id))!.resolution, "estatecore");

    const push = await pushPortfolio(s.deps, s.h.target);
    assert.equal(push.updated, 1, "the record is no longer held back by its review");
    assert.deepEqual(push.failed, []);
    assert.deepEqual((await s.qboObject("Customer", TENANT)).PrimaryEmailAddr, {
      Address: "estatecore.side@example.com",
    });
    assert.equal(
      (await s.h.mirror.get("org-1", "tenant", TENANT))!.data.email,
      "estatecore.side@example.com",
    );

    const writes = s.h.calls.writes;
    assert.equal((await pushPortfolio(s.deps, s.h.target)).writes, 0);
    const pulled = await pullChanges(s.deps, s.h.target);
    assert.equal(pulled.reviews, 0, "our own write is not a new conflict");
    assert.equal(s.h.calls.writes, writes);

    await assert.rejects(() => s.resolve(review.id, "quickbooks"), { code: "CONFLICT" });
    assert.deepEqual(s.audits.map((a) => [a.action, a.target, a.actor, a.details.side]), [
      ["sync.review_resolved", `review:${review.id}`, "user:user-7", "estatecore"],
    ]);
    await assert.rejects(() => s.resolve("no-such-review", "estatecore"), { code: "NOT_FOUND" });
  } finally {
    await s.h.close();
  }
});

Deno.test("resolveReview quickbooks: the tenant takes QBO's values, the push never writes them back, EstateCore hears of it", async () => {
  const s = await setup();
  try {
    const review = await emailConflict(s);
    const resolution = await s.resolve(review.id, "quickbooks");
    assert.deepEqual(resolution.fieldsToEstatecore, ["email"]);
    assert.deepEqual(resolution.fieldsToQuickbooks, []);
    assert.equal(
      (await s.h.mirror.get("org-1", "tenant", TENANT))!.data.email,
      "quickbooks.side@example.com",
    );

    const writes = s.h.calls.writes;
    const push = await pushPortfolio(s.deps, s.h.target);
    assert.equal(push.writes, 0);
    assert.equal(s.h.calls.writes, writes, "nothing written to QBO");
    assert.deepEqual((await s.qboObject("Customer", TENANT)).PrimaryEmailAddr, {
      Address: "quickbooks.side@example.com",
    });
    assert.equal((await pullChanges(s.deps, s.h.target)).reviews, 0);

    const announced = (await s.deps.events.list("org-1", { limit: 50 }))
      .filter((e) => e.event === "quickbooks.review_resolved");
    assert.equal(announced.length, 1);
    assert.deepEqual(announced[0].recordIds, [TENANT]);
    assert.deepEqual(announced[0].details.fields, {
      PrimaryEmailAddr: { Address: "quickbooks.side@example.com" },
    });
    assert.deepEqual(announced[0].details.mirror_updated_fields, ["email"]);
    assert.equal(s.audits[0].details.side, "quickbooks");
    await assert.rejects(() => s.resolve(review.id, "quickbooks"), { code: "CONFLICT" });
  } finally {
    await s.h.close();
  }
});

Deno.test("resolveReview quickbooks: EstateCore's other edits of the record still reach QBO, the won field does not", async () => {
  const s = await setup();
  try {
    await s.editTenant({ email: "estatecore.side@example.com", phone: "555-0199" });
    await s.qboEdit("Customer", TENANT, { PrimaryEmailAddr: { Address: "quickbooks.side@example.com" } });
    const review = await s.pullReview();
    const resolution = await s.resolve(review.id, "quickbooks");
    assert.deepEqual(resolution.fieldsToQuickbooks, ["PrimaryPhone"]);

    const push = await pushPortfolio(s.deps, s.h.target);
    assert.equal(push.updated, 1);
    const customer = await s.qboObject("Customer", TENANT);
    assert.deepEqual(customer.PrimaryPhone, { FreeFormNumber: "555-0199" });
    assert.deepEqual(customer.PrimaryEmailAddr, { Address: "quickbooks.side@example.com" });
    assert.equal((await pushPortfolio(s.deps, s.h.target)).writes, 0, "in step afterwards");
  } finally {
    await s.h.close();
  }
});

Deno.test("resolveReview on an invoice: quickbooks keeps QBO's object until EstateCore changes it; estatecore rewrites it", async () => {
  const s = await setup();
  try {
    const sentDate = (await s.qboObject("Invoice", INVOICE)).TxnDate;
    await s.qboEdit("Invoice", INVOICE, { TxnDate: "2026-01-09" });
    const first = await s.pullReview();
    assert.deepEqual(first.conflicts.map((c) => c.reason), ["posted_financial_edit"]);
    // A property manager is checked against the property of the charges billed on the invoice.
    await assert.rejects(() => s.resolve(first.id, "quickbooks", managerOf("prop_2")), { code: "FORBIDDEN" });
    const kept = await s.resolve(first.id, "quickbooks", managerOf("prop_1"));
    assert.deepEqual(kept.fieldsToEstatecore, [], "a charge cannot take an invoice's values");
    assert.equal((await pushPortfolio(s.deps, s.h.target)).writes, 0);
    assert.equal((await s.qboObject("Invoice", INVOICE)).TxnDate, "2026-01-09");
    const event = (await s.deps.events.list("org-1", { limit: 50 })).find((e) =>
      e.event === "quickbooks.review_resolved"
    )!;
    assert.equal(event.suggestedAction, "apply_fields");
    assert.deepEqual(event.recordIds, ["chg_dep_1_1", "chg_rent_1_1_01"], "EstateCore's charge ids");
    assert.deepEqual(event.details.fields, { TxnDate: "2026-01-09" });

    await s.qboEdit("Invoice", INVOICE, { TxnDate: "2026-01-11" });
    const second = await s.pullReview();
    await s.resolve(second.id, "estatecore");
    const push = await pushPortfolio(s.deps, s.h.target);
    assert.equal(push.updated, 1);
    assert.equal((await s.qboObject("Invoice", INVOICE)).TxnDate, sentDate, "EstateCore's date is back");
  } finally {
    await s.h.close();
  }
});

/** The company as enqueueSync finds it: connected, or waiting for the user to re-authorize. */
function companyThat(status: QuickBooksConnection["status"], realmId: string) {
  const connection = {
    id: "conn-1",
    orgId: "org-1",
    realmId,
    status,
    isDefault: true,
    classTrackingEnabled: true,
    locationTrackingEnabled: true,
  } as QuickBooksConnection;
  return { get: () => Promise.resolve(connection), getDefault: () => Promise.resolve(connection) };
}

async function resolveAndPush(
  s: Awaited<ReturnType<typeof setup>>,
  reviewId: string,
  side: ReviewSide,
  options: { pushNow: boolean; company: QuickBooksConnection["status"] },
) {
  const connections = companyThat(options.company, s.h.realmId);
  const resolved = await resolveReviewAndPush({ ...s.deps, connections }, ADMIN, {
    reviewId,
    side,
    requestId: "req-1",
    pushNow: options.pushNow,
  });
  const queued = await s.h.jobs.listByOrg("org-1", { limit: 10, jobType: SYNC_JOB });
  return { resolved, queued };
}

Deno.test("resolveReviewAndPush estatecore with push_now queues the push that writes EstateCore's side", async () => {
  const s = await setup();
  try {
    const review = await emailConflict(s);
    const { resolved, queued } = await resolveAndPush(s, review.id, "estatecore", {
      pushNow: true,
      company: "connected",
    });
    assert.deepEqual(resolved.fieldsToQuickbooks, ["PrimaryEmailAddr"]);
    assert.equal(resolved.review.status, "resolved");
    assert.deepEqual(queued.map((j) => j.id), [resolved.pushJob?.id]);
    assert.equal(resolved.pushJob?.realmId, s.h.realmId);
    assert.deepEqual(resolved.pushJob?.payload, { direction: "push" });
  } finally {
    await s.h.close();
  }
});

Deno.test("resolveReviewAndPush queues nothing without push_now, or when QBO already holds what it should", async () => {
  const s = await setup();
  try {
    const review = await emailConflict(s);
    const { resolved, queued } = await resolveAndPush(s, review.id, "estatecore", {
      pushNow: false,
      company: "connected",
    });
    assert.deepEqual(resolved.fieldsToQuickbooks, ["PrimaryEmailAddr"]);
    assert.equal(resolved.pushJob, null);
    assert.deepEqual(queued, []);
  } finally {
    await s.h.close();
  }
  const t = await setup();
  try {
    const review = await emailConflict(t);
    const { resolved, queued } = await resolveAndPush(t, review.id, "quickbooks", {
      pushNow: true,
      company: "connected",
    });
    assert.deepEqual(resolved.fieldsToQuickbooks, []);
    assert.equal(resolved.pushJob, null);
    assert.deepEqual(queued, []);
  } finally {
    await t.h.close();
  }
});

Deno.test("resolveReviewAndPush leaves the push to the next sync when the company needs re-authorization", async () => {
  const s = await setup();
  try {
    const review = await emailConflict(s);
    const { resolved, queued } = await resolveAndPush(s, review.id, "estatecore", {
      pushNow: true,
      company: "needs_reauthorization",
    });
    assert.equal(resolved.pushJob, null);
    assert.deepEqual(queued, []);
    assert.equal((await s.deps.reviews.get("org-1", review.id))!.status, "resolved", "the decision stands");
  } finally {
    await s.h.close();
  }
});
