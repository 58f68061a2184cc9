import type { Clock } from "../../domain/ports/clock.ts";
import type { Logger } from "../../domain/ports/logger.ts";
import type { JobWorker } from "./job_worker.ts";

/** Something the worker runs on a cadence while it is idle (scheduled syncs, token renewal...). */
export interface PeriodicTask {
  readonly name: string;
  readonly everyMs: number;
  run(): Promise<Readonly<Record<string, unknown>>>;
}

/** What runs: the job worker, its periodic tasks, and the clock their cadence counts on. */
export interface WorkerRun {
  readonly worker: JobWorker;
  /** Work the worker does between jobs, each at most once per `everyMs` of the service clock. */
  readonly periodicTasks: readonly PeriodicTask[];
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * Runs the service's job worker until `stop()`. Whenever the queue is idle it runs the service's
 * periodic tasks that are due on the service clock (webhook notifications turned into pulls on
 * every idle tick, scheduled syncs per organization setting, refresh-token renewal before the
 * rolling expiry, automation slots...). A failing task is logged and retried at its next turn; it
 * never stops the worker or the other tasks.
 */
export function startWorker(
  service: WorkerRun,
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
  service.logger.info("worker started", {
    worker_id: service.worker.id,
    tasks: service.periodicTasks.map((t) => t.name),
  });
  return {
    stop: async () => {
      service.worker.stop();
      await done;
    },
  };
}
