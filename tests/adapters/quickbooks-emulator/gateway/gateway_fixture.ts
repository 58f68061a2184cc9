/** A gateway in front of a minimal downstream handler, on a frozen clock. */
import { Hono } from "hono";
import { FrozenClock } from "../../../../adapters/quickbooks-emulator/clock/controllable_clock.ts";
import { SeededRandom } from "../../../../adapters/quickbooks-emulator/clock/seeded_random.ts";
import { parseEmulatorConfig } from "../../../../adapters/quickbooks-emulator/config.ts";
import { FaultInjector } from "../../../../adapters/quickbooks-emulator/gateway/fault_injector.ts";
import { gatewayMiddleware } from "../../../../adapters/quickbooks-emulator/gateway/gateway_middleware.ts";
import {
  intuitTidMiddleware,
  seededTransactionIds,
} from "../../../../adapters/quickbooks-emulator/gateway/intuit_tid.ts";
import { TokenService } from "../../../../adapters/quickbooks-emulator/oauth/token_service.ts";
import { QboRateLimiter } from "../../../../adapters/quickbooks-emulator/throttle/qbo_rate_limiter.ts";

export const REALM = "4620816365000000001";

export function gatewayFixture(options: { throttle?: Record<string, number | boolean> } = {}) {
  const config = parseEmulatorConfig({ throttle: options.throttle ?? {} });
  const clock = new FrozenClock(new Date("2026-05-01T00:00:00Z"));
  const random = new SeededRandom(3);
  const tokens = new TokenService({ clock, random, lifetimes: config.tokens });
  const faults = new FaultInjector(random);
  const limiter = new QboRateLimiter(config.throttle);
  const slept: number[] = [];
  /** Downstream requests park here until released, to hold them in flight. */
  const gate = { hold: false, waiting: [] as Array<() => void> };
  const app = new Hono();
  app.use("*", intuitTidMiddleware(seededTransactionIds(random)));
  app.use(
    "/v3/company/:realmId/*",
    gatewayMiddleware({
      tokens,
      limiter,
      faults,
      clock,
      sleep: (ms) => {
        slept.push(ms);
        return Promise.resolve();
      },
    }),
  );
  app.all("/v3/company/:realmId/*", async (c) => {
    if (gate.hold) await new Promise<void>((resolve) => gate.waiting.push(resolve));
    return c.json({ reached: c.req.path });
  });
  const issued = tokens.createGrant({
    clientId: "emulator-client-id",
    realmId: REALM,
    scopes: ["com.intuit.quickbooks.accounting"],
    subject: "user",
  });
  const auth = { authorization: `Bearer ${issued.accessToken}`, accept: "application/json" };
  return { app, clock, tokens, faults, limiter, slept, gate, auth, accessToken: issued.accessToken };
}
