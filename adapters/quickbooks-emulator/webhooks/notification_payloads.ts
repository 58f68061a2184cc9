/**
 * The two bodies QBO posts for data changes: the legacy `eventNotifications` object (grouped by
 * realm) and the CloudEvents array (one event per change, `type` = `qbo.<entity>.<verb>.v1`).
 */
import type { ChangeEvent } from "../contracts.ts";

/** A change plus the id that identifies it in every attempt (CloudEvents `id`). */
export interface IdentifiedChange {
  readonly id: string;
  readonly event: ChangeEvent;
}

export function legacyPayload(changes: readonly IdentifiedChange[]): unknown {
  const byRealm = new Map<string, Array<Record<string, string>>>();
  for (const { event } of changes) {
    const entity: Record<string, string> = {
      name: event.entityName,
      id: event.id,
      operation: event.operation,
      lastUpdated: event.lastUpdated,
    };
    if (event.deletedId !== undefined) entity.deletedId = event.deletedId;
    const list = byRealm.get(event.realmId) ?? [];
    list.push(entity);
    byRealm.set(event.realmId, list);
  }
  return {
    eventNotifications: [...byRealm].map(([realmId, entities]) => ({
      realmId,
      dataChangeEvent: { entities },
    })),
  };
}

const VERBS: Record<ChangeEvent["operation"], string> = {
  Create: "created",
  Update: "updated",
  Delete: "deleted",
  Void: "voided",
  Merge: "merged",
  Emailed: "emailed",
};

export function cloudEventsPayload(changes: readonly IdentifiedChange[]): unknown[] {
  return changes.map(({ id, event }) => {
    const cloudEvent: Record<string, unknown> = {
      specversion: "1.0",
      id,
      source: "intuit.qbo-emulator",
      type: `qbo.${event.entityName.toLowerCase()}.${VERBS[event.operation]}.v1`,
      datacontenttype: "application/json",
      time: new Date(event.lastUpdated).toISOString(),
      intuitentityid: event.id,
      intuitaccountid: event.realmId,
    };
    if (event.deletedId !== undefined) cloudEvent.data = { deletedid: event.deletedId };
    return cloudEvent;
  });
}
