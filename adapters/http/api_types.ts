import type { OpenAPIHono } from "@hono/zod-openapi";

/** Who is calling: from the verified JWT's `sub`, `org` and `role` claims. */
export interface Principal {
  readonly userId: string;
  readonly orgId: string;
  readonly role: string;
  /** Property ids the caller is limited to; absent means all properties of the org. */
  readonly propertyIds?: readonly string[];
}

/** Context variables every API route can read. */
export type ApiEnv = { Variables: { principal: Principal; requestId: string } };

/** The OpenAPI-documented API app that route modules register on. */
export type ApiApp = OpenAPIHono<ApiEnv>;
