import { createRoute, z } from "@hono/zod-openapi";
import { requires } from "../access.ts";
import { AccessLevelSchema } from "../../../domain/access/access_levels.ts";
import { FeatureSchema } from "../../../domain/access/features.ts";
import { PermissionSchema } from "../../../domain/access/permissions.ts";
import {
  grantPermissions,
  type UserGrantTerms,
  type UserGrantView,
} from "../../../domain/access/user_grant.ts";
import type { ApiApp, Caller } from "../api_types.ts";
import { envelopeOf, successEnvelope } from "../envelope.ts";
import { raises } from "../error_responses.ts";

/** What the user-access routes need from the application (use cases, injected). */
export interface UserAccessServices {
  listUserAccess(
    caller: Caller,
    page: { afterUserId?: string; limit: number },
  ): Promise<{ users: UserGrantView[]; nextCursor: string | null }>;
  getUserAccess(caller: Caller, userId: string): Promise<UserGrantView>;
  putUserAccess(
    caller: Caller,
    userId: string,
    terms: UserGrantTerms,
    requestId: string,
  ): Promise<UserGrantView>;
  deleteUserAccess(caller: Caller, userId: string, requestId: string): Promise<UserGrantView>;
}

const PropertyIdSchema = z.string().min(1).max(128);
// Made here from the domain's lists: a domain schema may be built before zod learns `.openapi`.
const LevelSchema = z.enum(AccessLevelSchema.options).openapi("AccessLevel");
const FeatureNameSchema = z.enum(FeatureSchema.options).openapi("Feature");
const PermissionNameSchema = z.enum(PermissionSchema.options).openapi("Permission");

const UserAccessRequestSchema = z.strictObject({
  access_level: LevelSchema.openapi({
    description: "A set of permissions (README, Access levels); the token's role still bounds it",
  }),
  allowed_properties: z.union([z.literal("all"), z.array(PropertyIdSchema).min(1).max(1000)]).default("all")
    .openapi({
      description: "Property ids the user may act on (within the token's `property_ids`), or `all`",
    }),
  allowed_features: z.union([z.literal("all"), z.array(FeatureNameSchema).min(1)]).default("all").openapi({
    description: "The features whose permissions the user keeps (README, Features), or `all`",
  }),
  expires_at: z.iso.datetime({ offset: true }).nullable().default(null).openapi({
    description: "From this instant the grant allows nothing at all (every call answers FORBIDDEN " +
      "`grant_expired`) until it is changed or removed; null: no expiry",
  }),
}).openapi("UserAccessRequest");

const UserAccessSchema = z.object({
  user_id: z.string(),
  access_level: LevelSchema,
  allowed_properties: z.union([z.literal("all"), z.array(z.string())]),
  allowed_features: z.union([z.literal("all"), z.array(FeatureNameSchema)]),
  expires_at: z.string().nullable(),
  status: z.enum(["active", "expired"]),
  permissions: z.array(PermissionNameSchema).openapi({
    description: "What the grant leaves now (its level's permissions within its features; none once " +
      "expired). The user's token role may hold fewer: a grant never adds a permission",
  }),
  version: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
  updated_by: z.string().openapi({ description: "Who made the last change (`user:<sub>`)" }),
}).openapi("UserAccess");

const UserParamsSchema = z.object({
  user_id: z.string().min(1).max(256).openapi({ description: "The user's id: the `sub` of their tokens" }),
});

function toApi(view: UserGrantView, now: Date) {
  return {
    user_id: view.userId,
    access_level: view.accessLevel,
    allowed_properties: view.allowedProperties === "all" ? "all" as const : [...view.allowedProperties],
    allowed_features: view.allowedFeatures === "all" ? "all" as const : [...view.allowedFeatures],
    expires_at: view.expiresAt,
    status: view.status,
    permissions: grantPermissions(view, now),
    version: view.version,
    created_at: view.createdAt,
    updated_at: view.updatedAt,
    updated_by: view.updatedBy,
  };
}

export function registerUserAccessRoutes(api: ApiApp, services: UserAccessServices, now: () => Date): void {
  const one = { "application/json": { schema: envelopeOf(UserAccessSchema) } };

  api.openapi(
    createRoute({
      method: "get",
      path: "/enterprise/users",
      tags: ["enterprise"],
      summary: "The organization's users with a stored access grant",
      ...requires("access:manage"),
      request: {
        query: z.object({
          cursor: z.string().min(1).max(256).optional().openapi({
            description: "`next_cursor` of the previous page",
          }),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
      responses: {
        200: {
          description: "Users by id",
          content: {
            "application/json": {
              schema: envelopeOf(
                z.object({
                  items: z.array(UserAccessSchema),
                  next_cursor: z.string().nullable().openapi({ description: "Null on the last page" }),
                }).openapi("UserAccessPage"),
              ),
            },
          },
        },
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const page = await services.listUserAccess(c.get("caller"), {
        limit: query.limit,
        ...(query.cursor === undefined ? {} : { afterUserId: query.cursor }),
      });
      const at = now();
      return c.json(
        successEnvelope({ items: page.users.map((u) => toApi(u, at)), next_cursor: page.nextCursor }, at),
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/enterprise/users/{user_id}/access",
      tags: ["enterprise"],
      summary: "A user's stored access grant",
      ...requires("access:manage"),
      ...raises("NOT_FOUND"),
      request: { params: UserParamsSchema },
      responses: { 200: { description: "The grant", content: one } },
    }),
    async (c) => {
      const view = await services.getUserAccess(c.get("caller"), c.req.valid("param").user_id);
      return c.json(successEnvelope(toApi(view, now()), now()), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "put",
      path: "/enterprise/users/{user_id}/access",
      tags: ["enterprise"],
      summary: "Store a user's access grant (replacing the one stored)",
      description: "The grant narrows what the user's tokens allow in this organization: a permission " +
        "must be held by the token's role, the access level and the allowed features; the properties are " +
        "those both the token and the grant allow. It never widens a token. Takes effect on the user's next " +
        "request; audited (`access.grant_set`, with the terms before and after). An administrator cannot " +
        "change their own grant (CONFLICT).",
      ...requires("access:manage"),
      ...raises("CONFLICT"),
      request: {
        params: UserParamsSchema,
        body: { required: true, content: { "application/json": { schema: UserAccessRequestSchema } } },
      },
      responses: { 200: { description: "The grant as stored", content: one } },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const view = await services.putUserAccess(c.get("caller"), c.req.valid("param").user_id, {
        accessLevel: body.access_level,
        allowedProperties: body.allowed_properties === "all"
          ? "all"
          : [...new Set(body.allowed_properties)].sort(),
        allowedFeatures: body.allowed_features === "all" ? "all" : [...new Set(body.allowed_features)],
        expiresAt: body.expires_at === null ? null : new Date(body.expires_at).toISOString(),
      }, c.get("requestId"));
      return c.json(successEnvelope(toApi(view, now()), now()), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "delete",
      path: "/enterprise/users/{user_id}/access",
      tags: ["enterprise"],
      summary: "Remove a user's access grant (the token's claims alone apply again)",
      ...requires("access:manage"),
      ...raises("NOT_FOUND"),
      request: { params: UserParamsSchema },
      responses: { 200: { description: "The grant removed", content: one } },
    }),
    async (c) => {
      const view = await services.deleteUserAccess(
        c.get("caller"),
        c.req.valid("param").user_id,
        c.get("requestId"),
      );
      return c.json(successEnvelope(toApi(view, now()), now()), 200);
    },
  );
}
