import assert from "node:assert/strict";
import { DomainError } from "../../../domain/errors.ts";
import { QboIdAlreadyLinkedError, type SyncLinkWrite } from "../../../domain/ports/sync_link_repository.ts";
import { saveLinksRefusingTakenIds, type TakenIdFailure } from "../../../src/sync/save_links.ts";

function link(recordId: string, qboId: string): SyncLinkWrite {
  return {
    recordId,
    entityType: "Customer",
    qboId,
    syncToken: "0",
    fingerprint: `fp-${recordId}`,
    baseSnapshot: {},
    state: "active",
    recordVersion: 1,
  };
}

/** A store where Customer 58 belongs to t1: it refuses any batch giving 58 to someone else, like SqlSyncLinkRepository. */
function storeHolding58(answer = true) {
  const batches: string[][] = [];
  const saveBatch = (writes: readonly SyncLinkWrite[]) => {
    batches.push(writes.map((w) => w.recordId));
    const taken = writes.filter((w) => w.qboId === "58" && w.recordId !== "t1");
    if (taken.length > 0) {
      return Promise.reject(
        new QboIdAlreadyLinkedError(
          taken.map((w) => ({
            entityType: w.entityType,
            qboId: "58",
            recordId: w.recordId,
            linkedRecordId: "t1",
          })),
        ),
      );
    }
    return Promise.resolve(answer);
  };
  return { batches, saveBatch };
}

Deno.test("saveLinksRefusingTakenIds stores the others and hands over each link whose id is taken", async () => {
  const store = storeHolding58();
  const refused: TakenIdFailure[] = [];
  const result = await saveLinksRefusingTakenIds(
    [link("t2", "58"), link("t3", "60")],
    store.saveBatch,
    (f) => {
      refused.push(...f);
    },
  );
  assert.deepEqual(result, { ok: true, saved: [link("t3", "60")] });
  assert.deepEqual(store.batches, [["t2", "t3"], ["t3"]]);
  assert.deepEqual(refused.map((f) => [f.recordId, f.qboId, f.code, f.linkedRecordId]), [
    ["t2", "58", "QBO_ID_ALREADY_LINKED", "t1"],
  ]);
  assert.match(refused[0].message, /Customer 58, which is already linked to record t1: reconcile/);
});

Deno.test("saveLinksRefusingTakenIds with every link refused stores nothing and reports ok", async () => {
  const store = storeHolding58();
  const result = await saveLinksRefusingTakenIds([link("t2", "58")], store.saveBatch, () => {});
  assert.deepEqual(result, { ok: true, saved: [] });
  assert.equal(store.batches.length, 1);
});

Deno.test("saveLinksRefusingTakenIds passes a lost lease (false) through", async () => {
  const store = storeHolding58(false);
  assert.deepEqual(await saveLinksRefusingTakenIds([link("t3", "60")], store.saveBatch, () => {}), {
    ok: false,
    saved: [link("t3", "60")],
  });
});

Deno.test("saveLinksRefusingTakenIds rethrows other errors and a refusal naming no link of the batch", async () => {
  await assert.rejects(
    saveLinksRefusingTakenIds(
      [link("t3", "60")],
      () => Promise.reject(new DomainError("CONFLICT", "x")),
      () => {},
    ),
    (e) => e instanceof DomainError && e.code === "CONFLICT",
  );
  const unnamed = new QboIdAlreadyLinkedError([{
    entityType: "Customer",
    qboId: "",
    recordId: "",
    linkedRecordId: null,
  }]);
  await assert.rejects(
    saveLinksRefusingTakenIds([link("t3", "60")], () => Promise.reject(unnamed), () => {}),
    (e) => e instanceof QboIdAlreadyLinkedError && e.code === "QBO_ID_ALREADY_LINKED",
  );
});
