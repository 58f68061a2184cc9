/**
 * fast-check arbitraries from the service's own OpenAPI 3.1 document: values that follow a schema
 * (types, enums, patterns, lengths, bounds, required properties, one-of unions) and values that
 * break it in one place (a required field dropped, a field of the wrong type, a field nobody
 * declared, a string far too long), for the fuzz of the reliability suite.
 */
import fc from "fast-check";

// deno-lint-ignore no-explicit-any
export type Schema = Record<string, any>;

/** The `components.schemas` a `$ref` points into. */
export type Components = Readonly<Record<string, Schema>>;

const MAX_DEPTH = 6;

function resolve(schema: Schema, components: Components): Schema {
  let current = schema;
  for (let hops = 0; current.$ref !== undefined && hops < 20; hops++) {
    const name = String(current.$ref).replace("#/components/schemas/", "");
    const target = components[name];
    if (!target) throw new Error(`unknown $ref ${current.$ref}`);
    current = { ...target, ...Object.fromEntries(Object.entries(current).filter(([k]) => k !== "$ref")) };
  }
  return current;
}

function typesOf(schema: Schema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (typeof schema.type === "string") return [schema.type];
  if (schema.properties) return ["object"];
  if (schema.items) return ["array"];
  return [];
}

function stringArbitrary(schema: Schema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.min(schema.maxLength ?? 40, minLength + 40);
  if (schema.pattern) {
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter((s) =>
        s.length >= minLength && s.length <= (schema.maxLength ?? Infinity)
      );
    } catch {
      // fast-check cannot generate from every pattern (lookaheads): any string, mostly refused.
      return fc.string({ minLength, maxLength });
    }
  }
  switch (schema.format) {
    case "date":
      return fc.date({ min: new Date("2000-01-01"), max: new Date("2035-12-31"), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case "date-time":
      return fc.date({ min: new Date("2000-01-01"), max: new Date("2035-12-31"), noInvalidDate: true })
        .map((d) => d.toISOString());
    case "email":
      return fc.emailAddress();
    case "uri":
    case "url":
      return fc.webUrl();
    case "uuid":
      return fc.uuid();
  }
  return fc.string({ minLength, maxLength });
}

function numberArbitrary(schema: Schema, integer: boolean): fc.Arbitrary<number> {
  const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1e6);
  const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1e6);
  return integer
    ? fc.integer({ min: Math.ceil(min), max: Math.floor(Math.max(min, max)) })
    : fc.double({ min, max: Math.max(min, max), noNaN: true, noDefaultInfinity: true });
}

/** Values that follow `schema` (as far as a JSON Schema subset can say; refinements in code may still refuse them). */
export function arbitraryOf(schema: Schema, components: Components, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema, components);
  if (s.const !== undefined) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum);
  const union = s.oneOf ?? s.anyOf;
  if (Array.isArray(union)) return fc.oneof(...union.map((m: Schema) => arbitraryOf(m, components, depth)));
  if (Array.isArray(s.allOf)) {
    const merged = s.allOf.map((m: Schema) => resolve(m, components)).reduce((a: Schema, b: Schema) => ({
      ...a,
      ...b,
      properties: { ...a.properties, ...b.properties },
      required: [...(a.required ?? []), ...(b.required ?? [])],
    }), {});
    return arbitraryOf(merged, components, depth);
  }
  const types = typesOf(s);
  if (types.length === 0) return fc.jsonValue({ maxDepth: 2 });
  return fc.oneof(...types.map((type) => typedArbitrary(type, s, components, depth)));
}

function typedArbitrary(
  type: string,
  s: Schema,
  components: Components,
  depth: number,
): fc.Arbitrary<unknown> {
  switch (type) {
    case "null":
      return fc.constant(null);
    case "boolean":
      return fc.boolean();
    case "integer":
      return numberArbitrary(s, true);
    case "number":
      return numberArbitrary(s, false);
    case "string":
      return stringArbitrary(s);
    case "array": {
      if (depth >= MAX_DEPTH) return fc.constant([]);
      const minLength = s.minItems ?? 0;
      const maxLength = Math.min(s.maxItems ?? 4, minLength + 4);
      return fc.array(arbitraryOf(s.items ?? {}, components, depth + 1), { minLength, maxLength });
    }
    case "object": {
      const properties: Record<string, Schema> = s.properties ?? {};
      if (depth >= MAX_DEPTH && Object.keys(properties).length === 0) return fc.constant({});
      const required: string[] = (s.required ?? []).filter((k: string) => k in properties);
      const record = Object.fromEntries(
        Object.entries(properties).map(([k, v]) => [k, arbitraryOf(v, components, depth + 1)]),
      );
      return fc.record(record, { requiredKeys: required });
    }
  }
  return fc.constant(null);
}

/** A value of some other JSON type than `value`'s. */
function otherTypeThan(value: unknown): fc.Arbitrary<unknown> {
  const options: fc.Arbitrary<unknown>[] = [
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true }),
    fc.string({ maxLength: 8 }),
    fc.array(fc.integer(), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
  ];
  const kind = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);
  return fc.oneof(...options).filter((v) => kind(v) !== kind(value));
}

/** The paths (arrays of keys) of every object field inside a value, the value's own fields first. */
function fieldPaths(value: unknown, prefix: (string | number)[] = [], depth = 0): (string | number)[][] {
  if (depth > MAX_DEPTH || value === null || typeof value !== "object") return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return entries.flatMap(([k, v]) => [[...prefix, k], ...fieldPaths(v, [...prefix, k], depth + 1)]);
}

function withChange(
  value: unknown,
  path: (string | number)[],
  change: (parent: Schema, key: string | number) => void,
) {
  const copy = structuredClone(value) as Schema;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key as string];
  change(parent, path[path.length - 1]);
  return copy;
}

/** How a schema-following value is broken in one place. */
export type Breakage = "dropped" | "wrong_type" | "undeclared" | "oversized" | "whole";

/**
 * A value that follows `schema` broken in one place: one field (at any depth) dropped, given
 * another type, made 100 kB long, or joined by a field the schema never declared; or a JSON
 * value of any shape instead.
 */
export function brokenArbitraryOf(
  schema: Schema,
  components: Components,
): fc.Arbitrary<{ breakage: Breakage; value: unknown }> {
  return fc.tuple(
    arbitraryOf(schema, components),
    fc.nat(),
    fc.constantFrom<Breakage>(
      "dropped",
      "wrong_type",
      "undeclared",
      "oversized",
      "whole",
    ),
    fc.string({ minLength: 1, maxLength: 12 }),
    fc.jsonValue({ maxDepth: 3 }),
    fc.integer(),
  )
    .chain(
      (
        [value, pick, breakage, name, anyJson, salt],
      ): fc.Arbitrary<{ breakage: Breakage; value: unknown }> => {
        const paths = fieldPaths(value);
        if (breakage === "whole" || paths.length === 0) {
          return fc.constant({ breakage: "whole", value: anyJson });
        }
        const path = paths[pick % paths.length];
        if (breakage === "wrong_type") {
          const original = path.reduce((v: Schema, k) => v[k as string], value as Schema);
          return otherTypeThan(original).map((other) => ({
            breakage,
            value: withChange(value, path, (p, k) => p[k as string] = other),
          }));
        }
        const broken = withChange(value, path, (parent, key) => {
          if (breakage === "dropped") {
            if (Array.isArray(parent)) parent.splice(Number(key), 1);
            else delete parent[key as string];
          } else if (breakage === "oversized") parent[key as string] = "x".repeat(100_000);
          else if (!Array.isArray(parent)) parent[`zz_${name}_${salt}`] = salt;
          else parent.push({ [`zz_${name}`]: salt });
        });
        return fc.constant({ breakage, value: broken });
      },
    );
}
