import { z } from "@hono/zod-openapi";
import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { RECORD_SCHEMAS } from "../../domain/model/estatecore/record_schemas.ts";
import { EntityIdSchema } from "../../domain/model/estatecore/entity_id.ts";
import { MIRROR_RECORD_TYPES, type MirrorRecordType } from "../../domain/ports/record_mirror.ts";

/**
 * The HTTP shapes of EstateCore records, built from the domain's record schemas (the ones the
 * intake validates with), so the OpenAPI document and the SDK show each record type's own fields:
 * a stored record is a union discriminated by `type`, a bulk item is `{ type, data }` discriminated
 * the same way, and the body of `PUT /records/<type>/{record_id}` is that type's schema with `id`
 * optional (it defaults to the URL's).
 */

/** `deposit_disposition` -> `DepositDisposition`: the domain schema's component name. */
export function componentName(type: MirrorRecordType): string {
  const id = RECORD_SCHEMAS[type].meta()?.id;
  if (typeof id !== "string") throw new Error(`the ${type} schema has no component id (.meta({ id }))`);
  return id;
}

export const RecordTypeSchema = z.enum(MIRROR_RECORD_TYPES).openapi("RecordType", {
  description: "EstateCore record type",
});

function mirrored<T extends MirrorRecordType>(type: T) {
  return z.object({
    type: z.literal(type),
    id: z.string(),
    property_id: z.string().nullable(),
    version: z.number().int().openapi({
      description: "+1 on every change or delete; unchanged content keeps it",
    }),
    deleted: z.boolean(),
    change_seq: z.number().int().openapi({
      description: "Position of the last change in the organization's change sequence",
    }),
    created_at: z.string().openapi({ format: "date-time" }),
    updated_at: z.string().openapi({ format: "date-time" }),
    data: RECORD_SCHEMAS[type],
  }).openapi(`Mirrored${componentName(type)}`, {
    description: `A stored ${type} (tombstones included) with its version.`,
  });
}

function intakeItem<T extends MirrorRecordType>(type: T) {
  return z.strictObject({ type: z.literal(type), data: RECORD_SCHEMAS[type] }).openapi(
    `${componentName(type)}IntakeItem`,
  );
}

function upsertBody<T extends MirrorRecordType>(type: T) {
  const schema = RECORD_SCHEMAS[type];
  return z.strictObject({
    ...schema.shape,
    id: EntityIdSchema.optional().openapi({
      description: "Defaults to the `record_id` of the URL; when given it must equal it.",
    }),
  }).openapi(`${componentName(type)}Upsert`, {
    description: `The body of \`PUT /records/${type}/{record_id}\`: a ${type} whose \`id\` may be left out.`,
  });
}

const byType = <S>(build: (type: MirrorRecordType) => S) =>
  MIRROR_RECORD_TYPES.map(build) as unknown as [S, ...S[]];

/** Per record type, the mirrored record's schema (the response of the record routes). */
export const MIRRORED_RECORD_SCHEMAS = Object.fromEntries(
  MIRROR_RECORD_TYPES.map((type) => [type, mirrored(type)]),
) as { readonly [T in MirrorRecordType]: ReturnType<typeof mirrored<T>> };

/** A stored record: one of the nine record types, discriminated by `type`. */
export const MirroredRecordSchema = z.discriminatedUnion("type", byType((t) => MIRRORED_RECORD_SCHEMAS[t]))
  .openapi("MirroredRecord");
export type MirroredRecordView = z.infer<typeof MirroredRecordSchema>;

/** One item of a bulk intake request, discriminated by `type`. */
export const RecordIntakeItemSchema = z.discriminatedUnion("type", byType(intakeItem)).openapi(
  "RecordIntakeItem",
  { description: "`{ type, data }`: the record's type and its data, validated by that type's schema." },
);

/** Per record type, the body of its PUT route. */
export const RECORD_UPSERT_SCHEMAS = Object.fromEntries(
  MIRROR_RECORD_TYPES.map((type) => [type, upsertBody(type)]),
) as { readonly [T in MirrorRecordType]: ReturnType<typeof upsertBody<T>> };

/**
 * A request part the use case validates, not the HTTP layer: the intake checks each record with its
 * schema and answers with the record's own paths, and one bad bulk item never fails the others. It is
 * documented as the component `component` (which {@link registerRecordComponents} registers) and only
 * has to pass `accepts` here.
 */
export function validatedByUseCase(component: string, accepts: z.ZodType = z.unknown()): z.ZodType<unknown> {
  // The metadata replaces the generated schema ({} for unknown) with the reference.
  return accepts.openapi({ $ref: `#/components/schemas/${component}` } as unknown as Record<string, never>);
}

/** A JSON object (the body of a PUT record route, checked in full by the intake). */
export const JsonObjectSchema = z.unknown().refine(
  (value) => typeof value === "object" && value !== null && !Array.isArray(value),
  "the body must be a JSON object",
);

/** Registers the record components that {@link validatedByUseCase} parts refer to by name. */
export function registerRecordComponents(registry: OpenAPIRegistry): void {
  registry.register("RecordIntakeItem", RecordIntakeItemSchema);
  for (const type of MIRROR_RECORD_TYPES) {
    registry.register(`${componentName(type)}Upsert`, RECORD_UPSERT_SCHEMAS[type]);
  }
}
