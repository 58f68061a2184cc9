import assert from "node:assert/strict";
import { SqlOAuthStateStore } from "../../../adapters/persistence/repositories/oauth_state_repository.ts";
import { InProcessRateBudget } from "../../../adapters/quickbooks/in_process_rate_budget.ts";
import { QboHttpClient } from "../../../adapters/quickbooks/qbo_http_client.ts";
import { QuickBooksApiGateway } from "../../../adapters/quickbooks/quickbooks_api_gateway.ts";
import { DEFAULT_RESILIENCE } from "../../../adapters/quickbooks/realm_resilience.ts";
import { isDomainError } from "../../../domain/errors.ts";
import { completeConnection } from "../../../src/connections/complete_connection.ts";
import { startConnection } from "../../../src/connections/start_connection.ts";
import { approveConsent } from "../../adapters/quickbooks/support/emulated_oauth_server.ts";
import { LoopbackQbo } from "../../adapters/quickbooks/support/loopback_qbo_server.ts";
import { connectedStack, ORG } from "./support/connection_stack.ts";

const stateInvalid = (error: unknown) => isDomainError(error) && error.code === "OAUTH_STATE_INVALID";

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
      const states = new SqlOAuthStateStore(stack.database);
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
      let sequence = 0;
      const deps = {
        oauth: main.oauth,
        states,
        connections: main.connections,
        vault: main.vault,
        gateway,
        clock,
        ids: { newId: () => `id-${++sequence}` },
        audit: (record: { action: string }) => {
          audit.push(record.action);
          return Promise.resolve();
        },
      };
      const begin = async () => {
        const started = await startConnection({ oauth: main.oauth, states, clock }, {
          orgId: ORG,
          userId: "u-9",
        });
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
      const connection = await completeConnection(deps, params);
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

      const denied = await begin();
      await assert.rejects(
        completeConnection(deps, { state: denied.get("state")!, error: "access_denied" }),
        stateInvalid,
      );
      const noRealm = await begin();
      await assert.rejects(
        completeConnection(deps, { state: noRealm.get("state")!, code: noRealm.get("code")! }),
        stateInvalid,
      );
      const late = await begin();
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
