import type { MiddlewareHandler } from "hono";
import type { ApiEnv } from "./api_types.ts";

const VALID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Accepts a well-formed incoming `X-Request-Id` or makes one, and echoes it on the response. */
export function requestId(newId: () => string): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const incoming = c.req.header("x-request-id");
    const id = incoming && VALID.test(incoming) ? incoming : newId();
    c.set("requestId", id);
    c.header("X-Request-Id", id);
    await next();
    c.header("X-Request-Id", id);
  };
}
