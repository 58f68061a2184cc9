import type { Kysely, Selectable } from "kysely";
import type {
  NewWebhookEndpoint,
  WebhookEndpointChange,
  WebhookEndpointRepository,
} from "../../../domain/ports/webhook_endpoints.ts";
import type { WebhookEndpoint } from "../../../domain/webhooks/webhook_endpoint.ts";
import type { Atomically } from "../../../domain/ports/unit_of_work.ts";
import type { Database } from "../database.ts";
import type { DatabaseSchema } from "../schema.ts";
import type { WebhookEndpointsTable } from "../webhooks_out_schema.ts";
import { sqlUnitOfWork } from "../unit_of_work.ts";

function toEndpoint(row: Selectable<WebhookEndpointsTable>): WebhookEndpoint {
  return {
    id: row.id,
    orgId: row.org_id,
    url: row.url,
    description: row.description,
    eventTypes: JSON.parse(row.event_types),
    enabled: Number(row.enabled) === 1,
    disabledReason: row.disabled_reason,
    cursorSeq: Number(row.cursor_seq),
    failingSince: row.failing_since,
    secretRotatedAt: row.secret_rotated_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const COLUMNS = [
  "id",
  "org_id",
  "url",
  "description",
  "event_types",
  "enabled",
  "disabled_reason",
  "cursor_seq",
  "failing_since",
  "secret_rotated_at",
  "created_at",
  "updated_at",
] as const;

/** Webhook endpoints in SQL; the sealed secrets are read only by `sealedSecrets`. */
export class SqlWebhookEndpointRepository implements WebhookEndpointRepository {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #atomically: Atomically;

  constructor(database: Pick<Database, "db" | "dialect">) {
    this.#db = database.db;
    this.#atomically = sqlUnitOfWork(database);
  }

  async create(endpoint: NewWebhookEndpoint): Promise<WebhookEndpoint> {
    const row = {
      id: endpoint.id,
      org_id: endpoint.orgId,
      url: endpoint.url,
      description: endpoint.description,
      event_types: JSON.stringify(endpoint.eventTypes),
      enabled: endpoint.enabled ? 1 : 0,
      disabled_reason: null,
      cursor_seq: endpoint.cursorSeq,
      failing_since: null,
      sealed_secrets: endpoint.sealedSecrets,
      secret_rotated_at: null,
      created_at: endpoint.createdAt,
      updated_at: endpoint.createdAt,
    };
    await this.#atomically(() => this.#db.insertInto("webhook_endpoints").values(row).execute());
    return toEndpoint(row);
  }

  async get(orgId: string, id: string): Promise<WebhookEndpoint | null> {
    const row = await this.#db.selectFrom("webhook_endpoints").select(COLUMNS).where("org_id", "=", orgId)
      .where("id", "=", id).executeTakeFirst();
    return row ? toEndpoint({ ...row, sealed_secrets: "" }) : null;
  }

  async list(orgId: string): Promise<WebhookEndpoint[]> {
    const rows = await this.#db.selectFrom("webhook_endpoints").select(COLUMNS).where("org_id", "=", orgId)
      .orderBy("created_at").orderBy("id").execute();
    return rows.map((row) => toEndpoint({ ...row, sealed_secrets: "" }));
  }

  async listEnabled(limit: number): Promise<WebhookEndpoint[]> {
    const rows = await this.#db.selectFrom("webhook_endpoints").select(COLUMNS).where("enabled", "=", 1)
      .orderBy("org_id").orderBy("id").limit(limit).execute();
    return rows.map((row) => toEndpoint({ ...row, sealed_secrets: "" }));
  }

  update(
    orgId: string,
    id: string,
    change: WebhookEndpointChange,
    at: string,
  ): Promise<WebhookEndpoint | null> {
    return this.#atomically(async () => {
      const set: Partial<WebhookEndpointsTable> = { updated_at: at };
      if (change.url !== undefined) set.url = change.url;
      if (change.description !== undefined) set.description = change.description;
      if (change.eventTypes !== undefined) set.event_types = JSON.stringify(change.eventTypes);
      if (change.enabled !== undefined) set.enabled = change.enabled ? 1 : 0;
      if (change.disabledReason !== undefined) set.disabled_reason = change.disabledReason;
      if (change.failingSince !== undefined) set.failing_since = change.failingSince;
      const result = await this.#db.updateTable("webhook_endpoints").set(set).where("org_id", "=", orgId)
        .where("id", "=", id).executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return null;
      return await this.get(orgId, id);
    });
  }

  disable(orgId: string, id: string, reason: string, at: string): Promise<WebhookEndpoint | null> {
    return this.#atomically(async () => {
      const result = await this.#db.updateTable("webhook_endpoints")
        .set({ enabled: 0, disabled_reason: reason, updated_at: at })
        .where("org_id", "=", orgId).where("id", "=", id).where("enabled", "=", 1).executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return null;
      return await this.get(orgId, id);
    });
  }

  delete(orgId: string, id: string): Promise<boolean> {
    return this.#atomically(async () => {
      const result = await this.#db.deleteFrom("webhook_endpoints").where("org_id", "=", orgId)
        .where("id", "=", id).executeTakeFirst();
      if (Number(result.numDeletedRows) !== 1) return false;
      await this.#db.deleteFrom("webhook_deliveries").where("endpoint_id", "=", id).execute();
      await this.#db.deleteFrom("webhook_attempts").where("endpoint_id", "=", id).execute();
      return true;
    });
  }

  async sealedSecrets(orgId: string, id: string): Promise<string | null> {
    const row = await this.#db.selectFrom("webhook_endpoints").select("sealed_secrets")
      .where("org_id", "=", orgId).where("id", "=", id).executeTakeFirst();
    return row?.sealed_secrets ?? null;
  }

  async replaceSecrets(orgId: string, id: string, sealed: string, at: string): Promise<void> {
    await this.#atomically(() =>
      this.#db.updateTable("webhook_endpoints")
        .set({ sealed_secrets: sealed, secret_rotated_at: at, updated_at: at })
        .where("org_id", "=", orgId).where("id", "=", id).execute()
    );
  }

  async advanceCursor(id: string, from: number, to: number): Promise<boolean> {
    const result = await this.#atomically(() =>
      this.#db.updateTable("webhook_endpoints").set({ cursor_seq: to }).where("id", "=", id)
        .where("cursor_seq", "=", from).executeTakeFirst()
    );
    return Number(result.numUpdatedRows) === 1;
  }
}
