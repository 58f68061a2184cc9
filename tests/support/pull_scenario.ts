/**
 * A small portfolio pushed to the emulated company, with the pull's stores and helpers to edit
 * either side: what the pull edge-case tests and the edit-sequence property drive.
 */
import assert from "node:assert/strict";
import {
  SqlPullCursorStore,
  SqlReviewQueue,
  SqlSyncEventLog,
} from "../../adapters/persistence/repositories/pull_state_repositories.ts";
import type { MirrorRecordType } from "../../domain/ports/record_mirror.ts";
import { type SyncSettings, SyncSettingsSchema } from "../../domain/ports/sync_settings_repository.ts";
import { emulatorAccountMapping, samplePortfolio } from "../../src/demo/sample_portfolio.ts";
import { pushPortfolio } from "../../src/sync/push_portfolio.ts";
import { startQboHarness } from "./qbo_harness.ts";

export const ORG = "org-1";
const NOW = "2026-04-01T00:00:00.000Z";

export type ChosenSettings = Partial<Pick<SyncSettings, "conflict_resolution" | "property_tracking">>;

export async function startPullScenario(
  settings: ChosenSettings,
  shape: { properties: number; unitsPerProperty: number } = { properties: 2, unitsPerProperty: 1 },
) {
  const h = await startQboHarness();
  await h.mirror.upsertMany(ORG, samplePortfolio({ ...shape, months: 1 }), NOW);
  await h.mappings.putDefaults(ORG, await emulatorAccountMapping((n) => h.accountId(n)), NOW);
  let clock = Date.parse(NOW);
  const deps = {
    ...h,
    // Every read of the clock is a second later: the mirror's change times are ordered.
    clock: { now: () => new Date(clock += 1000) },
    cursors: new SqlPullCursorStore(h.database),
    events: new SqlSyncEventLog(h.database),
    reviews: new SqlReviewQueue(h.database, { newId: () => crypto.randomUUID() }),
  };
  const at = () => deps.clock.now().toISOString();

  /** Saves the organization's sync settings (the ones named, the rest defaults). */
  const saveSettings = async (chosen: ChosenSettings) => {
    await h.settings.save(ORG, {
      settings: SyncSettingsSchema.parse(chosen),
      chosen: Object.keys(chosen) as (keyof ChosenSettings)[],
      validatedAgainstCompany: false,
      realmId: null,
    }, at());
  };
  await saveSettings(settings);
  const push = () => pushPortfolio(deps, h.target);
  assert.deepEqual((await push()).failed, []);

  const linkOf = async (entityType: string, recordId: string) =>
    (await h.links.get(ORG, h.realmId, entityType, recordId))!;
  /** The QBO object linked to a record, as QBO holds it now. */
  const qboObject = async (entityType: string, recordId: string) => {
    const link = await linkOf(entityType, recordId);
    return (await h.gateway.read(h.target, entityType, link.qboId))!;
  };
  /** An edit someone tries in QuickBooks (sparse update of the linked object): whether QBO took it. */
  const qboTryEdit = async (entityType: string, recordId: string, fields: Record<string, unknown>) => {
    const current = await qboObject(entityType, recordId);
    const out = await h.gateway.writeBatch(h.target, [{
      key: "e",
      entityName: entityType,
      operation: "update",
      payload: { Id: current.Id, SyncToken: current.SyncToken, sparse: true, ...fields },
    }], `qbo-user-${crypto.randomUUID().slice(0, 8)}`);
    return out.results[0];
  };
  /** An edit made by someone in QuickBooks. */
  const qboEdit = async (entityType: string, recordId: string, fields: Record<string, unknown>) => {
    const result = await qboTryEdit(entityType, recordId, fields);
    assert.ok(result.ok, JSON.stringify(result));
  };
  const record = async (type: MirrorRecordType, id: string) => (await h.mirror.get(ORG, type, id))!;
  /** An edit EstateCore sends for a record (the whole record, as the intake stores it). */
  const ecEdit = async (type: MirrorRecordType, id: string, fields: Record<string, unknown>) => {
    const stored = await record(type, id);
    const data: Record<string, unknown> = { ...stored.data, ...fields };
    for (const [k, v] of Object.entries(fields)) if (v === undefined) delete data[k];
    await h.mirror.upsertMany(
      ORG,
      [{ recordType: type, recordId: id, propertyId: stored.propertyId, data }],
      at(),
    );
  };
  const ecDelete = (type: MirrorRecordType, id: string) => h.mirror.markDeleted(ORG, type, id, at());
  /** EstateCore sends a deleted record again, as it was. */
  const ecRecreate = (type: MirrorRecordType, id: string) => ecEdit(type, id, {});
  const openReviews = () => deps.reviews.list(ORG, { status: "open", limit: 100 });
  const events = (event?: string) =>
    deps.events.list(ORG, { limit: 1000 }).then((all) => all.filter((e) => !event || e.event === event));

  return {
    h,
    deps,
    push,
    saveSettings,
    linkOf,
    qboObject,
    qboTryEdit,
    qboEdit,
    record,
    ecEdit,
    ecDelete,
    ecRecreate,
    openReviews,
    events,
  };
}

export type PullScenario = Awaited<ReturnType<typeof startPullScenario>>;
