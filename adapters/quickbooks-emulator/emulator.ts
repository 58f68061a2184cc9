/**
 * The QuickBooks Online emulator, composed: Intuit's OAuth/OpenID server, the `/v3` API gateway
 * (auth, faults, throttles) in front of the accounting core, webhooks out, and the `/_emulator`
 * admin API, as one Hono app. The app works at the root of its own server (`deno task emulator`)
 * or mounted under a prefix by the service (`app.route("/emulator", emulator.app)`, with
 * `mountPath: "/emulator"` or a `baseUrl`).
 *
 * @example
 * ```ts
 * const emulator = await createEmulator({ clock: { mode: "frozen" } });
 * const res = await emulator.app.request("/.well-known/openid_sandbox_configuration");
 * await emulator.close();
 * ```
 */
import { type Context, Hono } from "hono";
import { ADMIN_PREFIX, type AdminCompanies, adminRoutes } from "./admin/admin_routes.ts";
import { newAdminToken, requireAdminToken } from "./admin/admin_credential.ts";
import { attachmentDownloads } from "./accounting/attachment_downloads.ts";
import { type CompanyStore, createAccountingApi, createCompanyStore } from "./accounting/mod.ts";
import { type ControllableClock, createControllableClock } from "./clock/controllable_clock.ts";
import { SeededRandom } from "./clock/seeded_random.ts";
import { type EmulatorConfig, type EmulatorConfigInput, parseEmulatorConfig } from "./config.ts";
import { FaultInjector } from "./gateway/fault_injector.ts";
import { gatewayMiddleware } from "./gateway/gateway_middleware.ts";
import { intuitTidMiddleware, seededTransactionIds } from "./gateway/intuit_tid.ts";
import { type EmulatorUrls, emulatorUrls } from "./oauth/endpoint_paths.ts";
import { createOAuthServer } from "./oauth/oauth_server.ts";
import { TokenStateFile, tokenStatePath } from "./oauth/token_state_file.ts";
import type { TokenService } from "./oauth/token_service.ts";
import { QboRateLimiter } from "./throttle/qbo_rate_limiter.ts";
import { WebhookDispatcher } from "./webhooks/webhook_dispatcher.ts";
import { persistBeforeAnswer } from "./persistence/persist_before_answer.ts";

export interface Emulator {
  readonly app: Hono;
  readonly config: EmulatorConfig;
  readonly companies: CompanyStore;
  readonly clock: ControllableClock;
  readonly tokens: TokenService;
  readonly webhooks: WebhookDispatcher;
  readonly faults: FaultInjector;
  readonly limiter: QboRateLimiter;
  /** The admin API's credential (configured, or made at random at start); null when it is off. */
  readonly adminToken: string | null;
  /** Endpoint URLs for a base URL (default: the configured `baseUrl`). */
  urls(baseUrl?: string): EmulatorUrls;
  /** Back to the configured start: initial companies, no tokens, faults, throttle history or webhooks. */
  reset(): void;
  /** Stops webhook timers and flushes the company store's file. */
  close(): Promise<void>;
}

export async function createEmulator(input: EmulatorConfigInput = {}): Promise<Emulator> {
  const config = parseEmulatorConfig(input);
  const clock = createControllableClock(config.clock);
  // Separate streams, so e.g. the number of responses served does not change token values.
  const newTid = seededTransactionIds(new SeededRandom(config.seed + 1));
  const companies = createCompanyStore({ clock, filePath: config.dataFile });
  const seedCompanies = () => {
    for (const company of config.companies) {
      companies.createCompany({
        companyName: company.companyName,
        multiCurrency: company.multiCurrency,
        classTracking: company.classTracking,
        locationTracking: company.locationTracking,
      });
    }
  };
  if (companies.listCompanies().length === 0) seedCompanies();
  companies.commit();

  const urlsFor = (c: Context) =>
    emulatorUrls(config.baseUrl ?? new URL(c.req.url).origin + config.mountPath);
  // With a data file, connections (grants and tokens) survive restarts as companies do.
  const tokenFile = config.dataFile ? new TokenStateFile(tokenStatePath(config.dataFile)) : undefined;
  const oauth = await createOAuthServer({
    config,
    clock,
    random: new SeededRandom(config.seed),
    companies,
    urlsFor,
    onTokensChanged: () => tokenFile?.scheduleSave(),
  });
  tokenFile?.attach(oauth.tokens);
  tokenFile?.load();
  const faults = new FaultInjector(new SeededRandom(config.seed + 2));
  const limiter = new QboRateLimiter(config.throttle);
  const webhooks = new WebhookDispatcher({
    config: config.webhooks,
    clock,
    random: new SeededRandom(config.seed + 3),
    newTid,
    realmIsSubscribed: config.webhooks.onlyConnectedRealms
      ? (realmId) => oauth.tokens.connectedRealms().includes(realmId)
      : undefined,
  });

  const reset = () => {
    companies.restore({ version: 1, companies: [] });
    seedCompanies();
    oauth.tokens.clear();
    oauth.codes.clear();
    faults.clear();
    limiter.reset();
    webhooks.reset();
    webhooks.log.clear();
  };

  const app = new Hono();
  // Outermost: whatever a request changed is on disk before its answer leaves (see CompanyStore.commit).
  app.use(
    "*",
    persistBeforeAnswer(() => {
      companies.commit();
      tokenFile?.commit();
    }, () => clock.now()),
  );
  app.use("*", intuitTidMiddleware(newTid));
  app.route("/", oauth.app);
  const adminToken = config.adminEnabled ? config.adminToken ?? newAdminToken() : null;
  if (adminToken !== null) {
    app.use(`${ADMIN_PREFIX}/*`, requireAdminToken(adminToken)); // `/*` covers the bare prefix too
    app.route(
      ADMIN_PREFIX,
      adminRoutes({
        clock,
        tokens: oauth.tokens,
        faults,
        webhooks,
        companies: (): AdminCompanies => companies,
        reset,
        describe: (c) => describeEmulator(config, urlsFor(c), companies, clock),
      }),
    );
  }
  app.use("/v3/company/:realmId/*", gatewayMiddleware({ tokens: oauth.tokens, limiter, faults, clock }));
  app.route(
    "/v3/company/:realmId",
    createAccountingApi({
      companies,
      clock,
      onChange: webhooks.listener,
      publicBase: (c) => urlsFor(c).base,
    }),
  );
  // Attachment files, like S3's presigned URLs: no token, an expiring link (see attachment_downloads.ts).
  app.route("/attachments", attachmentDownloads({ companies, clock }));

  return {
    app,
    config,
    companies,
    clock,
    tokens: oauth.tokens,
    webhooks,
    faults,
    limiter,
    adminToken,
    urls: (baseUrl?: string) =>
      emulatorUrls(baseUrl ?? config.baseUrl ?? `http://127.0.0.1:8788${config.mountPath}`),
    reset,
    close: () => {
      webhooks.close();
      companies.close();
      tokenFile?.close();
      return Promise.resolve();
    },
  };
}

function describeEmulator(
  config: EmulatorConfig,
  urls: EmulatorUrls,
  companies: CompanyStore,
  clock: ControllableClock,
): Record<string, unknown> {
  return {
    name: "QuickBooks Online emulator",
    urls: { ...urls, admin: urls.base + ADMIN_PREFIX },
    // Secrets are never answered: whoever needs them has them from the configuration.
    clients: config.clients.map(({ clientId, redirectUris, appName, clientSecret }) => ({
      clientId,
      clientSecretSet: clientSecret.length > 0,
      redirectUris,
      appName,
    })),
    companies: companies.listCompanies(),
    clock: { now: clock.now().toISOString(), mode: clock.mode },
    throttle: config.throttle,
    webhooks: {
      verifierTokenSet: config.webhooks.verifierToken.length > 0,
      endpoints: config.webhooks.endpoints,
      retryTimeScale: config.webhooks.retryTimeScale,
    },
  };
}
