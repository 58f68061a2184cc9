/**
 * A webhook receiver on loopback for the delivery tests: each path answers as its mode says
 * (`ok` 204, `fail` 500, `gone` 410, `hang` never before the sender's time limit), every request
 * is kept, and every one is verified with the Standard Webhooks library from npm.
 */
import { Webhook } from "standardwebhooks";

export type ReceiverMode = "ok" | "fail" | "gone" | "hang";

export interface ReceivedDelivery {
  readonly path: string;
  readonly webhookId: string;
  readonly timestamp: string;
  readonly signature: string;
  readonly body: string;
  // deno-lint-ignore no-explicit-any
  readonly payload: any;
  readonly answered: number | "hung";
  /** When it arrived, on the clock the receiver was given (the service's). */
  readonly arrivedAt: Date;
}

export interface Receiver {
  readonly port: number;
  url(path: string): string;
  readonly modes: Map<string, ReceiverMode>;
  readonly received: ReceivedDelivery[];
  /** Stops listening (connections are then refused) until `start()`. */
  stop(): Promise<void>;
  start(): void;
  /** Verifies a received delivery with `secret` as the receiver would have when it arrived. */
  verify(delivery: ReceivedDelivery, secret: string): unknown;
}

export function startReceiver(clock: { now(): Date }): Receiver {
  const modes = new Map<string, ReceiverMode>();
  const received: ReceivedDelivery[] = [];
  const hung: (() => void)[] = [];
  let server: Deno.HttpServer<Deno.NetAddr> | null = null;
  let port = 0;
  const listen = () => {
    server = Deno.serve({ hostname: "127.0.0.1", port, onListen: () => {} }, async (request) => {
      const path = new URL(request.url).pathname;
      const body = await request.text();
      const mode = modes.get(path) ?? "ok";
      const base = {
        path,
        webhookId: request.headers.get("webhook-id") ?? "",
        timestamp: request.headers.get("webhook-timestamp") ?? "",
        signature: request.headers.get("webhook-signature") ?? "",
        body,
        payload: JSON.parse(body),
        arrivedAt: clock.now(),
      };
      if (mode === "hang") {
        received.push({ ...base, answered: "hung" });
        await new Promise<void>((resolve) => hung.push(resolve));
        return new Response("late", { status: 200 });
      }
      const status = mode === "ok" ? 204 : mode === "gone" ? 410 : 500;
      received.push({ ...base, answered: status });
      return new Response(status === 204 ? null : `answer ${status}`, { status });
    });
    port = server.addr.port;
  };
  listen();
  return {
    get port() {
      return port;
    },
    url: (path) => `http://127.0.0.1:${port}${path}`,
    modes,
    received,
    async stop() {
      for (const release of hung.splice(0)) release();
      await server?.shutdown();
      server = null;
    },
    start: listen,
    verify(delivery, secret) {
      // The library checks the timestamp against its own clock (5 minutes' tolerance); the tests
      // move the service's clock, so the receiver's clock is the service's for this one call.
      const realNow = Date.now;
      Date.now = () => delivery.arrivedAt.getTime();
      try {
        return new Webhook(secret).verify(delivery.body, {
          "webhook-id": delivery.webhookId,
          "webhook-timestamp": delivery.timestamp,
          "webhook-signature": delivery.signature,
        });
      } finally {
        Date.now = realNow;
      }
    },
  };
}
