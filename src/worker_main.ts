/**
 * `deno task worker`: runs only the job worker (no HTTP server), so several worker processes can
 * share one database with the API processes. Jobs are leased: a crashed worker's job is resumed by
 * another once its lease expires.
 */
import { isDomainError } from "../domain/errors.ts";
import { loadConfig } from "./config.ts";
import { buildService } from "./composition/service.ts";
import { startWorker } from "./composition/worker_runner.ts";

let config;
try {
  config = loadConfig(Deno.env.toObject());
} catch (error) {
  if (isDomainError(error)) {
    console.error(
      JSON.stringify({ level: "error", msg: error.message, code: error.code, details: error.details }),
    );
    Deno.exit(78);
  }
  throw error;
}
const service = await buildService(config);
const worker = startWorker(service);
const shutdown = async () => {
  await worker.stop();
  await service.close();
  Deno.exit(0);
};
Deno.addSignalListener("SIGINT", shutdown);
Deno.addSignalListener("SIGTERM", shutdown);
