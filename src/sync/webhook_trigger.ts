import type { Clock } from "../../domain/ports/clock.ts";
import type { ConnectionRepository } from "../../domain/ports/connection_repository.ts";
import type { JobQueue } from "../../domain/ports/job_queue.ts";
import type { Logger } from "../../domain/ports/logger.ts";
import type { WebhookInbox } from "../../domain/ports/webhook_inbox.ts";
import { enqueueSync } from "./sync_jobs.ts";

export interface WebhookTriggerDependencies {
  readonly inbox: WebhookInbox;
  readonly connections: ConnectionRepository;
  readonly jobs: JobQueue;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly workerId: string;
}

/**
 * Turns QBO webhook notifications into pulls: for each realm with pending inbox events, queue one
 * pull per organization connected to it, then mark the events processed. The pull reads CDC from
 * its stored cursor, which is older than the notifications, so nothing they announce is missed;
 * notifications for realms nobody has connected are dropped with a log line.
 */
export async function triggerPullsFromWebhooks(
  deps: WebhookTriggerDependencies,
): Promise<{ queued: number; processed: number }> {
  let queued = 0;
  let processed = 0;
  const realms = await deps.inbox.realmsWithPendingEvents();
  if (realms.length === 0) return { queued, processed };
  const connected = await deps.connections.listByStatus("connected");
  for (const realmId of realms) {
    const orgs = connected.filter((c) => c.realmId === realmId);
    for (const connection of orgs) {
      const { created } = await enqueueSync(deps, connection.orgId, realmId, "pull");
      if (created) queued++;
    }
    if (orgs.length === 0) {
      deps.logger.warn("webhook events for a realm no organization has connected", { realm_id: realmId });
    }
    for (;;) {
      const now = deps.clock.now();
      const entry = await deps.inbox.claimNext(realmId, deps.workerId, now, new Date(now.getTime() + 60_000));
      if (!entry) break;
      await deps.inbox.markProcessed(entry.id, deps.workerId, now);
      processed++;
    }
  }
  return { queued, processed };
}
