import { triggerPullsFromWebhooks } from "../sync/webhook_trigger.ts";
import type { Service } from "./service.ts";

const TOKEN_RENEWAL_EVERY_MS = 10 * 60_000;

/**
 * Runs the service's job worker until `stop()`. When the queue is idle it turns QBO webhook
 * notifications into pull jobs, and renews refresh tokens nearing their rolling expiry (an idle
 * connection would otherwise lapse after ~100 days).
 */
export function startWorker(service: Service): { stop(): Promise<void> } {
  let lastRenewal = 0;
  const done = service.worker.run(1000, async () => {
    await triggerPullsFromWebhooks({
      inbox: service.quickbooks.inbox,
      connections: service.connections,
      jobs: service.syncData.jobs,
      clock: service.clock,
      logger: service.logger,
      workerId: service.worker.id,
    });
    const now = Date.now();
    if (now - lastRenewal < TOKEN_RENEWAL_EVERY_MS) return;
    lastRenewal = now;
    const result = await service.quickbooks.renewExpiringTokens();
    if (result.renewed + result.failed > 0) service.logger.info("refresh tokens renewed", result);
  });
  service.logger.info("worker started");
  return {
    stop: async () => {
      service.worker.stop();
      await done;
    },
  };
}
