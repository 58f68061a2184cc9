/**
 * `deno task start`: runs the service (API and, unless RUN_WORKER=false, the job worker) on the
 * configured port.
 * On the embedded defaults it uses a libSQL file under ./data and the built-in QuickBooks emulator,
 * and prints a development token.
 */
import { configFromEnvOrExit } from "./composition/config_from_env.ts";
import { buildService } from "./composition/service.ts";
import { DEVELOPMENT_CALLER, signDevelopmentToken } from "./composition/development_token.ts";
import { startWorker } from "./worker/worker_runner.ts";

async function main(): Promise<void> {
  const config = await configFromEnvOrExit();
  const service = await buildService(config);
  const server = Deno.serve({
    hostname: config.host,
    port: config.port,
    onListen: ({ port }) => {
      service.logger.info("listening", {
        url: `http://localhost:${port}`,
        api: `http://localhost:${port}/api/quickbooks`,
        docs: `http://localhost:${port}/docs`,
        host: config.host,
        database: config.databaseUrl.startsWith("postgres") ? "postgres" : config.databaseUrl,
        quickbooks_mode: config.quickbooks.mode,
        emulator_admin_api: config.quickbooks.emulatorAdminToken !== null,
      });
    },
  }, service.app.fetch);

  if (config.developmentSecrets.used.length > 0) {
    service.logger.info("development secrets", {
      directory: config.developmentSecrets.directory,
      variables: config.developmentSecrets.used,
    });
  }
  if (config.usingDevelopmentAuthSecret) {
    // The printed token's organization exists from the first start (idempotent on every start).
    await service.ensureOrganization(
      { orgId: DEVELOPMENT_CALLER.org, userId: DEVELOPMENT_CALLER.sub },
      "Development organization",
    );
    const token = await signDevelopmentToken(
      config.auth.kind === "hs256" ? config.auth.secret : "",
      DEVELOPMENT_CALLER,
      new Date(),
    );
    // Printed to the terminal on purpose (not through the redacting logger): it is a development credential.
    console.log(
      `\nDEVELOPMENT TOKEN (development only; signed with this machine's generated dev secret, org "dev-org", role admin):\n` +
        `${token}\n\nTry: curl -H "Authorization: Bearer <token>" http://localhost:${config.port}/api/quickbooks/organization\n`,
    );
  }
  if (config.developmentSecrets.used.includes("EMULATOR_ADMIN_TOKEN")) {
    // The same on purpose: a development credential, for the emulator's admin API only.
    console.log(
      `EMULATOR ADMIN TOKEN (development only; for ${config.publicBaseUrl}${config.quickbooks.emulatorPath}/_emulator, ` +
        `as "Authorization: Bearer <token>"; also \`deno task -q token --emulator-admin\`):\n` +
        `${config.quickbooks.emulatorAdminToken}\n`,
    );
  }

  const worker = config.runWorker ? startWorker(service) : null;

  const shutdown = async () => {
    service.logger.info("shutting down");
    await worker?.stop();
    await server.shutdown();
    await service.close();
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGINT", shutdown);
  Deno.addSignalListener("SIGTERM", shutdown);
}

if (import.meta.main) await main();
