import assert from "node:assert/strict";
import { SqlOAuthStateStore } from "../../../adapters/persistence/repositories/oauth_state_repository.ts";
import { InProcessRateBudget } from "../../../adapters/quickbooks/in_process_rate_budget.ts";
import { QboHttpClient } from "../../../adapters/quickbooks/qbo_http_client.ts";
import { QuickBooksApiGateway } from "../../../adapters/quickbooks/quickbooks_api_gateway.ts";
import { DEFAULT_RESILIENCE } from "../../../adapters/quickbooks/realm_resilience.ts";
import { JsonLogger } from "../../../adapters/logging/json_logger.ts";
import type { ReturnUrlAllowlist } from "../../../domain/access/return_url_allowlist.ts";
import { type DomainError, isDomainError } from "../../../domain/errors.ts";
import { SqlEventOutbox } from "../../../adapters/persistence/repositories/event_outbox_repository.ts";
import { outboxEmitter } from "../../../domain/events/emit_event.ts";
import { sqlUnitOfWork } from "../../../adapters/persistence/unit_of_work.ts";
import type { NewAuditRecord } from "../../../domain/ports/audit_log.ts";
import type { OAuthStateStore, PendingAuthorization } from "../../../domain/ports/oauth_state.ts";
import { completeConnection, type ConnectionOutcome } from "../../../src/connections/complete_connection.ts";
import { startConnection } from "../../../src/connections/start_connection.ts";
import { approveConsent } from "../../adapters/quickbooks/support/emulated_oauth_server.ts";
import { LoopbackQbo } from "../../adapters/quickbooks/support/loopback_qbo_server.ts";
import { connectedStack, ORG } from "./support/connection_stack.ts";

const stateInvalid = (error: unknown) => isDomainError(error) && error.code === "OAUTH_STATE_INVALID";

function connected(outcome: ConnectionOutcome) {
  assert.equal(outcome.status, "connected", JSON.stringify(outcome));
  return outcome as Extract<ConnectionOutcome, { status: "connected" }>;
}

function refused(outcome: ConnectionOutcome, status: "denied" | "failed", code: DomainError["code"]) {
  assert.notEqual(outcome.status, "connected");
  const failure = outcome as Extract<ConnectionOutcome, { status: "denied" | "failed" }>;
  assert.equal(failure.status, status);
  assert.equal(failure.error.code, code, failure.error.message);
  return failure;
}

const RETURN_URLS: ReturnUrlAllowlist = [{ origin: "https://app.example.com", pathPrefix: "/settings" }];

/** The real store, recording what was saved (to prove a refused return URL stores nothing). */
function recordingStore(inner: OAuthStateStore): OAuthStateStore & { saved: PendingAuthorization[] } {
  const saved: PendingAuthorization[] = [];
  return {
    saved,
    save: (pending) => {
      saved.push(pending);
      return inner.save(pending);
    },
    consume: (state) => inner.consume(state),
    purgeExpired: (now) => inner.purgeExpired(now),
  };
}

Deno.test({
  name:
    "completeConnection: stores sealed tokens and the company profile; the state is single use and expires",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    let now = new Date();
    const clock = { now: () => now };
    const stack = await connectedStack(clock);
    const qbo = new LoopbackQbo((request) =>
      request.url.pathname.includes("/companyinfo/")
        ? { status: 200, body: { CompanyInfo: { CompanyName: "Oak Street Holdings" } } }
        : {
          status: 200,
          body: {
            Preferences: { AccountingInfoPrefs: { TrackDepartments: true, ClassTrackingPerTxn: true } },
          },
        }
    );
    try {
      const { main } = stack;
      const states = recordingStore(new SqlOAuthStateStore(stack.database));
      const gateway = new QuickBooksApiGateway(
        new QboHttpClient({
          apiBaseUrl: qbo.baseUrl,
          minorVersion: 75,
          tokens: main.tokens,
          budget: new InProcessRateBudget(),
          clock,
          resilience: { ...DEFAULT_RESILIENCE, waitScale: 0 },
          sleep: () => Promise.resolve(),
          budgetMaxWaitMs: 1000,
          requestTimeoutMs: 5000,
        }),
        clock,
      );
      const audit: string[] = [];
      const auditRecords: NewAuditRecord[] = [];
      const logLines: string[] = [];
      let sequence = 0;
      const deps = {
        oauth: main.oauth,
        states,
        connections: main.connections,
        vault: main.vault,
        gateway,
        clock,
        ids: { newId: () => `id-${++sequence}` },
        audit: (record: NewAuditRecord) => {
          audit.push(record.action);
          auditRecords.push(record);
          return Promise.resolve();
        },
        atomically: sqlUnitOfWork(stack.database),
        emit: outboxEmitter(new SqlEventOutbox(stack.database, { newId: () => `evt-${++sequence}` })),
        logger: new JsonLogger({ level: "debug", sink: (line) => logLines.push(line) }),
      };
      const begin = async (returnUrl?: string) => {
        const started = await startConnection(
          { oauth: main.oauth, states, clock, returnUrls: RETURN_URLS },
          { orgId: ORG, userId: "u-9" },
          { returnUrl },
        );
        const url = new URL(started.authorizationUrl);
        assert.equal(url.searchParams.get("code_challenge_method"), "S256");
        return approveConsent(started.authorizationUrl);
      };

      const callback = await begin();
      const params = {
        state: callback.get("state")!,
        code: callback.get("code")!,
        realmId: callback.get("realmId")!,
      };
      const outcome = connected(await completeConnection(deps, params));
      assert.equal(outcome.returnUrl, null);
      const connection = outcome.connection;
      assert.equal(connection.companyName, "Oak Street Holdings");
      assert.equal(connection.classTrackingEnabled, true);
      assert.equal(connection.locationTrackingEnabled, true);
      assert.equal(connection.status, "connected");
      assert.ok(!connection.encryptedTokens!.includes(stack.grant.tokens.accessToken));
      assert.deepEqual(audit, ["connection.reconnected"]);
      assert.equal(qbo.requests[0].url.searchParams.get("minorversion"), "75");
      await assert.rejects(completeConnection(deps, params), stateInvalid);

      await assert.rejects(completeConnection(deps, { ...params, state: "forged-state" }), stateInvalid);
      await assert.rejects(
        completeConnection(deps, { code: params.code, realmId: params.realmId }),
        stateInvalid,
      );

      // A denial with a valid state is its own outcome; the state is consumed, nothing connects.
      audit.length = 0;
      const denied = await begin();
      const denial = refused(
        await completeConnection(deps, { state: denied.get("state")!, error: "access_denied" }),
        "denied",
        "OAUTH_ACCESS_DENIED",
      );
      assert.equal(denial.returnUrl, null);
      assert.deepEqual(audit, ["connection.denied"]);
      assert.deepEqual(auditRecords.at(-1)?.details, {
        code: "OAUTH_ACCESS_DENIED",
        oauth_error: "access_denied",
      });
      assert.equal(auditRecords.at(-1)?.actor, "user:u-9");
      await assert.rejects(
        completeConnection(deps, { state: denied.get("state")!, error: "access_denied" }),
        stateInvalid,
      );
      // Another error from Intuit is a failed outcome with its own code.
      const scoped = await begin();
      const failure = refused(
        await completeConnection(deps, { state: scoped.get("state")!, error: "invalid_scope" }),
        "failed",
        "OAUTH_AUTHORIZATION_FAILED",
      );
      assert.equal(failure.error.details.oauth_error, "invalid_scope");
      assert.equal(audit.at(-1), "connection.failed");

      const noRealm = await begin();
      refused(
        await completeConnection(deps, { state: noRealm.get("state")!, code: noRealm.get("code")! }),
        "failed",
        "OAUTH_STATE_INVALID",
      );

      // The return URL travels with the state, normalized, and comes back with the outcome.
      const withReturn = await begin("https://APP.example.com:443/settings/qbo?tab=1");
      assert.equal(states.saved.at(-1)?.returnUrl, "https://app.example.com/settings/qbo?tab=1");
      const back = connected(
        await completeConnection(deps, {
          state: withReturn.get("state")!,
          code: withReturn.get("code")!,
          realmId: withReturn.get("realmId")!,
        }),
      );
      assert.equal(back.returnUrl, "https://app.example.com/settings/qbo?tab=1");
      const deniedWithReturn = await begin("https://app.example.com/settings");
      assert.equal(
        refused(
          await completeConnection(deps, { state: deniedWithReturn.get("state")!, error: "access_denied" }),
          "denied",
          "OAUTH_ACCESS_DENIED",
        ).returnUrl,
        "https://app.example.com/settings",
      );

      // An unexpected failure after a valid state: logged and coded INTERNAL_ERROR when the user is
      // sent back; without a return URL it reaches the error handler as it is.
      const boom = new TypeError("company profile exploded");
      const broken = {
        ...deps,
        gateway: { readCompanyProfile: () => Promise.reject(boom) } as unknown as typeof gateway,
      };
      const crashing = await begin("https://app.example.com/settings");
      const crashed = refused(
        await completeConnection(broken, {
          state: crashing.get("state")!,
          code: crashing.get("code")!,
          realmId: crashing.get("realmId")!,
        }),
        "failed",
        "INTERNAL_ERROR",
      );
      assert.equal(crashed.error.cause, boom);
      assert.ok(logLines.some((line) => line.includes("company profile exploded")), logLines.join("\n"));
      const crashingJson = await begin();
      await assert.rejects(
        completeConnection(broken, {
          state: crashingJson.get("state")!,
          code: crashingJson.get("code")!,
          realmId: crashingJson.get("realmId")!,
        }),
        (error) => error === boom,
      );

      // A return URL outside the allow-list is refused before any state is stored.
      const savedBefore = states.saved.length;
      for (
        const evil of ["https://app.example.com.evil.io/settings", "https://app.example.com@evil.io/settings"]
      ) {
        await assert.rejects(
          begin(evil),
          (error) => isDomainError(error) && error.code === "RETURN_URL_NOT_ALLOWED",
        );
      }
      assert.equal(states.saved.length, savedBefore);
      const late = await begin("https://app.example.com/settings");
      now = new Date(now.getTime() + 11 * 60_000);
      await assert.rejects(
        completeConnection(deps, {
          state: late.get("state")!,
          code: late.get("code")!,
          realmId: late.get("realmId")!,
        }),
        stateInvalid,
      );
    } finally {
      await qbo.close();
      await stack.close();
    }
  },
});
