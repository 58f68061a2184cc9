/**
 * `deno task worker`: runs only the job worker (no HTTP server), so several worker processes can
 * share one database with the API processes. Jobs are leased: a crashed worker's job is resumed by
 * another once its lease expires.
 */
import { configFromEnvOrExit } from "./composition/config_from_env.ts";
import { buildService } from "./composition/service.ts";
import { startWorker } from "./worker/worker_runner.ts";

const config = await configFromEnvOrExit();
const service = await buildService(config);
const worker = startWorker(service);
const shutdown = async () => {
  await worker.stop();
  await service.close();
  Deno.exit(0);
};
Deno.addSignalListener("SIGINT", shutdown);
Deno.addSignalListener("SIGTERM", shutdown);
