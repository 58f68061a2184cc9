/**
 * `deno task emulator`: the QuickBooks Online emulator on its own port (default 8788, 0 = any free
 * port), configured from `QBO_EMULATOR_*` environment variables (see EMULATOR_ENV in the emulator's
 * config.ts). Prints the URLs to point a client at, the client id/secret it accepts and the admin
 * API's token (QBO_EMULATOR_ADMIN_TOKEN, else a new random one each start). It listens on loopback
 * unless QBO_EMULATOR_HOSTNAME says otherwise.
 *
 * Without QBO_EMULATOR_BASE_URL the discovery document and consent page use each request's own
 * origin, so the emulator answers correctly on any host name, port or container network.
 */
import { createEmulator } from "../adapters/quickbooks-emulator/emulator.ts";
import { EMULATOR_ENV, emulatorConfigFromEnv } from "../adapters/quickbooks-emulator/config.ts";

const DEFAULT_PORT = 8788;

const env = Deno.env.toObject();
const port = Number(env[EMULATOR_ENV.port] ?? DEFAULT_PORT);
const hostname = env[EMULATOR_ENV.hostname] ?? "127.0.0.1";
const config = emulatorConfigFromEnv(env);
const emulator = await createEmulator(config);

function describe(listeningPort: number): string {
  const publicHost = hostname === "0.0.0.0" ? "localhost" : hostname;
  const urls = emulator.urls(config.baseUrl ?? `http://${publicHost}:${listeningPort}`);
  return [
    `QuickBooks Online emulator listening on http://${hostname}:${listeningPort}`,
    `  discovery      ${urls.discovery}`,
    `  authorize      ${urls.authorize}   (add &auto_approve=true&realm_id=... to skip the page)`,
    `  token          ${urls.token}`,
    `  revoke         ${urls.revoke}`,
    `  userinfo       ${urls.userinfo}`,
    `  jwks           ${urls.jwks}`,
    `  API base       ${urls.v3CompanyBase}{realmId}/...`,
    emulator.adminToken === null
      ? "  admin          disabled"
      : `  admin          ${urls.base}/_emulator   (Authorization: Bearer ${emulator.adminToken})`,
    ...config.clients.map((c) =>
      `  client         id=${c.clientId} secret=${c.clientSecret} redirect_uris=${c.redirectUris.join(",")}`
    ),
    ...emulator.companies.listCompanies().map((c) => `  company        ${c.realmId} ${c.companyName}`),
    `  webhooks       verifier token=${config.webhooks.verifierToken} endpoints=${
      config.webhooks.endpoints.map((e) =>
        `${e.url} (${e.format}, ${
          e.contentType === null ? "no Content-Type" : e.contentType ?? "its usual Content-Type"
        })`
      ).join(", ") || "none"
    }`,
  ].join("\n");
}

const server = Deno.serve({
  port,
  hostname,
  onListen: (addr) => console.log(describe(addr.port)),
}, emulator.app.fetch);

const stop = async () => {
  await server.shutdown();
  await emulator.close();
  Deno.exit(0);
};
Deno.addSignalListener("SIGINT", stop);
Deno.addSignalListener("SIGTERM", stop);
