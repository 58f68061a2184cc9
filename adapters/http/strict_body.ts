import { zodToOpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { z } from "@hono/zod-openapi";

/**
 * The one setting that makes every request strict: `createApi` passes each route through
 * {@link strictRoute} before it is registered, so a JSON body (at every depth) and the query string
 * (on authenticated routes) refuse what they do not declare — a typo such as `realmId` for `realm_id` is a VALIDATION_FAILED
 * naming the key, never a request that quietly means something else. The OpenAPI document shows
 * it as `additionalProperties: false`. Free-form maps declared as records (`z.record`) stay open;
 * an object that already declares a catchall keeps it.
 */
// deno-lint-ignore no-explicit-any
type AnySchema = z.ZodType<any>;

const strictened = new WeakMap<AnySchema, AnySchema>();

function isSchema(value: unknown): value is AnySchema {
  return typeof value === "object" && value !== null && "_zod" in value;
}

/** A copy of `schema` with its OpenAPI metadata (component name, description, examples). */
// deno-lint-ignore no-explicit-any
function rebuilt(schema: AnySchema, def: Record<string, any>): AnySchema {
  // deno-lint-ignore no-explicit-any
  const Ctor = schema.constructor as new (def: Record<string, any>) => AnySchema;
  const copy = new Ctor(def);
  copyMetadata(schema, copy);
  return copy;
}

/** Gives `copy` the OpenAPI metadata of `schema`, its zod `.meta()` too (the component name a domain schema carries). */
function copyMetadata(schema: AnySchema, copy: AnySchema): void {
  const { _internal, ...openapi } = (zodToOpenAPIRegistry.get(schema) ?? {}) as Record<string, unknown>;
  const { id, ...general } = (schema.meta() ?? {}) as Record<string, unknown>;
  const internal = { ...(id === undefined ? {} : { refId: id }), ...(_internal as object | undefined) };
  const meta = {
    ...general,
    ...openapi,
    ...(Object.keys(internal).length > 0 ? { _internal: internal } : {}),
  };
  if (Object.keys(meta).length > 0) zodToOpenAPIRegistry.add(copy, meta as never);
}

/** True when every inner schema came back as it was: the schema is strict already and is kept (with its identity). */
const same = (before: readonly unknown[], after: readonly unknown[]) =>
  before.every((b, i) => b === after[i]);

/** `schema` with every object inside it refusing unknown keys. */
export function deepStrict<T extends AnySchema>(schema: T): T {
  const known = strictened.get(schema);
  if (known) return known as T;
  // deno-lint-ignore no-explicit-any
  const def = (schema as any)._zod.def as Record<string, any>;
  let result: AnySchema = schema;
  switch (def.type) {
    case "object": {
      const shape = Object.fromEntries(
        Object.entries(def.shape as Record<string, AnySchema>).map(([k, v]) => [k, deepStrict(v)]),
      );
      const kept = def.catchall !== undefined && same(Object.values(def.shape), Object.values(shape));
      result = kept ? schema : rebuilt(schema, { ...def, shape, catchall: def.catchall ?? z.never() });
      break;
    }
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
    case "nonoptional":
    case "catch":
      result = deepStrict(def.innerType) === def.innerType
        ? schema
        : rebuilt(schema, { ...def, innerType: deepStrict(def.innerType) });
      break;
    case "record": {
      // A record keyed by an enum is a closed object in disguise: say so (its keys were already
      // checked; the document now shows them as the only properties allowed).
      const keys = def.keyType?._zod.def.type === "enum" ? Object.values(def.keyType._zod.def.entries) : null;
      if (keys) {
        const value = deepStrict(def.valueType as AnySchema);
        const shape = Object.fromEntries(keys.map((k) => [String(k), value.optional()]));
        const copy = z.object(shape).catchall(z.never());
        copyMetadata(schema, copy);
        result = copy;
      }
      break;
    }
    case "array":
      result = deepStrict(def.element) === def.element
        ? schema
        : rebuilt(schema, { ...def, element: deepStrict(def.element) });
      break;
    case "union":
      {
        const options = (def.options as AnySchema[]).map(deepStrict);
        result = same(def.options, options) ? schema : rebuilt(schema, { ...def, options });
      }
      break;
    case "intersection":
      result = rebuilt(schema, { ...def, left: deepStrict(def.left), right: deepStrict(def.right) });
      break;
    case "pipe":
      result = rebuilt(schema, { ...def, in: deepStrict(def.in) });
      break;
    default:
      result = schema;
  }
  strictened.set(schema, result);
  return result as T;
}

interface RouteRequest {
  readonly body?: { readonly content?: Record<string, { schema?: unknown } | undefined> };
  readonly query?: unknown;
}

/**
 * The route with its JSON request bodies made {@link deepStrict}, and its query string too when the
 * route is called by our own API consumers (it declares `security`). A public route's query is
 * written by someone else (Intuit's OAuth redirect may add parameters such as `error_description`),
 * so there the declared parameters are validated and others are left to that party's contract.
 */
export function strictRoute<R extends { readonly request?: unknown; readonly security?: unknown }>(
  route: R,
): R {
  const request = route.request as RouteRequest | undefined;
  const authenticated = Array.isArray(route.security) && route.security.length > 0;
  if (!request) return route;
  const content = request.body?.content;
  const strictContent = content &&
    Object.fromEntries(
      Object.entries(content).map(([type, media]) => [
        type,
        type.includes("json") && isSchema(media?.schema)
          ? { ...media, schema: deepStrict(media!.schema as AnySchema) }
          : media,
      ]),
    );
  return {
    ...route,
    request: {
      ...request,
      ...(request.body ? { body: { ...request.body, content: strictContent } } : {}),
      ...(authenticated && isSchema(request.query) ? { query: deepStrict(request.query) } : {}),
    },
  };
}
