import type { Kysely } from "kysely";

/**
 * A pending OAuth authorization keeps where the callback sends the user back to (issue 12): the
 * allow-listed `return_url` of `POST /connect`, stored with the state so the callback never takes
 * it from its own query. Null when the flow answers JSON.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("oauth_states").addColumn("return_url", "varchar(2048)").execute();
}
