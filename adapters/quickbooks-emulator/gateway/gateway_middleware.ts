/**
 * The QBO API gateway in front of `/v3/company/:realmId/*`, in the order a request meets it:
 * injected latency, bearer-token authentication (401/403 in the gateway's lower-case JSON),
 * injected faults (500/503, dropped connection, forced 429), then the per-realm throttles (429 XML).
 */
import type { MiddlewareHandler } from "hono";
import type { EmulatorClock, TokenAuthority } from "../contracts.ts";
import type { QboRateLimiter } from "../throttle/qbo_rate_limiter.ts";
import { throttleExceededResponse } from "../throttle/throttle_response.ts";
import { droppedConnectionResponse } from "./dropped_connection.ts";
import type { FaultInjector } from "./fault_injector.ts";
import { authenticationFaultResponse, serviceFaultResponse } from "./gateway_faults.ts";
import { formatGatewayTime } from "./service_time.ts";

export interface GatewayDeps {
  readonly tokens: TokenAuthority;
  readonly limiter: QboRateLimiter;
  readonly faults: FaultInjector;
  readonly clock: EmulatorClock;
  /** Waits real time (injected latency); replaceable in tests. */
  readonly sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Mount on "/v3/company/:realmId/*". */
export function gatewayMiddleware(deps: GatewayDeps): MiddlewareHandler {
  const sleep = deps.sleep ?? realSleep;
  return async (c, next) => {
    const realmId = c.req.param("realmId") ?? "";
    const latency = deps.faults.takeLatencyMs();
    if (latency > 0) await sleep(latency);

    const header = c.req.header("authorization");
    const auth = deps.tokens.authenticate(header, realmId);
    if (!auth.ok) {
      return authenticationFaultResponse(auth, header, deps.clock.now());
    }

    const fault = deps.faults.takeFault(realmId);
    if (fault?.kind === "drop") {
      return droppedConnectionResponse();
    }
    if (fault?.kind === "status") {
      return serviceFaultResponse(fault.status, deps.clock.now());
    }
    if (fault?.kind === "throttle") {
      return throttleExceededResponse(formatGatewayTime(deps.clock.now()), fault.retryAfterSeconds);
    }

    const isBatch = /\/batch\/?$/i.test(c.req.path);
    const admitted = deps.limiter.tryAdmit(
      { realmId, clientId: auth.grant.clientId, isBatch },
      deps.clock.now().getTime(),
    );
    if (!admitted.ok) {
      return throttleExceededResponse(formatGatewayTime(deps.clock.now()));
    }
    try {
      await next();
    } finally {
      admitted.release();
    }
  };
}
