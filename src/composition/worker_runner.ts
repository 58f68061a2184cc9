import type { Service } from "./service.ts";

/**
 * Runs the service's job worker until `stop()`. Whenever the queue is idle it runs the service's
 * periodic tasks that are due on the service clock (webhook notifications turned into pulls on
 * every idle tick, scheduled syncs per organization setting, refresh-token renewal before the
 * rolling expiry, automation slots...). A failing task is logged and retried at its next turn; it
 * never stops the worker or the other tasks.
 */
export function startWorker(
  service: Pick<Service, "worker" | "periodicTasks" | "clock" | "logger">,
  options: { readonly idleMs?: number } = {},
): { stop(): Promise<void> } {
  const lastRun = new Map<string, number>();
  const done = service.worker.run(options.idleMs ?? 1000, async () => {
    for (const task of service.periodicTasks) {
      const now = service.clock.now().getTime();
      const last = lastRun.get(task.name);
      if (last !== undefined && now - last < task.everyMs) continue;
      lastRun.set(task.name, now);
      try {
        const result = await task.run();
        if (Object.values(result).some((v) => typeof v === "number" && v > 0)) {
          service.logger.debug("periodic task ran", { task: task.name, ...result });
        }
      } catch (error) {
        service.logger.error("periodic task failed", { task: task.name, error });
      }
    }
  });
  service.logger.info("worker started", { tasks: service.periodicTasks.map((t) => t.name) });
  return {
    stop: async () => {
      service.worker.stop();
      await done;
    },
  };
}
