import type { Clock } from "../../domain/ports/clock.ts";
import type {
  ChangedObject,
  ChangeSet,
  QuickBooksObject,
  QuickBooksTarget,
} from "../../domain/ports/quickbooks_gateway.ts";
import type { QboHttpClient } from "./qbo_http_client.ts";
import { runQuery } from "./query_runner.ts";
import { cdcObjectsByEntity, cdcResponseSchema } from "./wire/cdc_schemas.ts";
import { parseWire } from "./wire/parse_wire.ts";

/** CDC looks back at most 30 days; keep a margin for clock skew. */
export const CDC_WINDOW_MS = 30 * 24 * 3600_000 - 3600_000;
/** CDC answers at most this many objects per entity. */
export const CDC_MAX_OBJECTS = 1000;

/**
 * Changes since a moment: CDC inside the 30-day window, paging past 1000 objects by asking again
 * from the last object's LastUpdatedTime (CDC orders by it); beyond the window, queries on
 * `MetaData.LastUpdatedTime` (which cannot see deletions; a full reconciliation covers those).
 */
export async function readChanges(
  client: QboHttpClient,
  clock: Clock,
  target: QuickBooksTarget,
  entityNames: readonly string[],
  since: Date,
): Promise<ChangeSet> {
  const startedAt = clock.now();
  if (startedAt.getTime() - since.getTime() > CDC_WINDOW_MS) {
    const changes: ChangedObject[] = [];
    for (const entityName of entityNames) {
      const objects = await runQuery(client, target, {
        entityName,
        where: [{ field: "MetaData.LastUpdatedTime", operator: ">", value: since.toISOString() }],
        orderBy: { field: "MetaData.LastUpdatedTime", direction: "ASC" },
      });
      changes.push(...objects.map((object) => changedObject(entityName, object)));
    }
    return { changes, nextCursor: overlapped(startedAt), source: "query" };
  }
  const latest = new Map<string, ChangedObject>();
  let pending = [...entityNames];
  let changedSince = new Map(entityNames.map((name) => [name, since]));
  let serverTime: Date | null = null;
  while (pending.length > 0) {
    const next = new Map<string, Date>();
    for (const group of groupBySince(pending, changedSince)) {
      const response = await client.send(target, {
        method: "GET",
        path: "/cdc",
        query: { entities: group.entities.join(","), changedSince: group.since.toISOString() },
      });
      const body = parseWire(cdcResponseSchema, response, "CDC response");
      serverTime ??= body.time ? new Date(body.time) : null;
      for (const [entityName, objects] of cdcObjectsByEntity(body)) {
        for (const object of objects) {
          const change = changedObject(entityName, object);
          latest.set(`${entityName}/${change.id}`, change);
        }
        const active = objects.filter((object) => object.status !== "Deleted");
        if (objects.length >= CDC_MAX_OBJECTS && active.length > 0) {
          const last = lastUpdatedOf(active[active.length - 1]);
          if (last && last.getTime() > (changedSince.get(entityName) ?? since).getTime()) {
            next.set(entityName, last);
          }
        }
      }
    }
    pending = [...next.keys()];
    changedSince = next;
  }
  const cursor = serverTime && !Number.isNaN(serverTime.getTime()) ? serverTime : startedAt;
  return { changes: [...latest.values()], nextCursor: overlapped(cursor), source: "cdc" };
}

/**
 * QBO stamps LastUpdatedTime to the second, so a change made in the same second as the read
 * could fall before an exact cursor. The next read starts one whole second earlier; the overlap
 * returns a few objects twice, which consumers dedupe by id and SyncToken.
 */
function overlapped(cursor: Date): Date {
  return new Date(Math.floor(cursor.getTime() / 1000) * 1000 - 1000);
}

function groupBySince(entities: string[], since: Map<string, Date>): { entities: string[]; since: Date }[] {
  const groups = new Map<number, string[]>();
  for (const name of entities) {
    const at = since.get(name)!.getTime();
    groups.set(at, [...(groups.get(at) ?? []), name]);
  }
  return [...groups].map(([at, names]) => ({ entities: names, since: new Date(at) }));
}

function changedObject(entityName: string, object: QuickBooksObject): ChangedObject {
  return {
    entityName,
    id: String(object.Id ?? ""),
    deleted: object.status === "Deleted",
    lastUpdated: lastUpdatedOf(object),
    object,
  };
}

function lastUpdatedOf(object: QuickBooksObject): Date | null {
  const metaData = object.MetaData as { LastUpdatedTime?: unknown } | undefined;
  if (typeof metaData?.LastUpdatedTime !== "string") return null;
  const at = new Date(metaData.LastUpdatedTime);
  return Number.isNaN(at.getTime()) ? null : at;
}
