import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Caller } from "../../domain/access/caller.ts";

export type { Caller };

/** Context variables every API route can read. */
export type ApiEnv = { Variables: { caller: Caller; requestId: string } };

/** The OpenAPI-documented API app that route modules register on. */
export type ApiApp = OpenAPIHono<ApiEnv>;
