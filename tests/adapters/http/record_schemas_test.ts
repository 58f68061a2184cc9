import assert from "node:assert/strict";
import spec from "../../../openapi/openapi.json" with { type: "json" };
import { componentName } from "../../../adapters/http/record_schemas.ts";
import { RECORD_SCHEMAS } from "../../../domain/model/estatecore/record_schemas.ts";
import { MIRROR_RECORD_TYPES } from "../../../domain/ports/record_mirror.ts";

type Json = Record<string, unknown>;
const schemas = spec.components.schemas as Record<string, Json>;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

Deno.test("record components come from the intake's domain schemas: same fields, same required ones, one per type", () => {
  for (const type of MIRROR_RECORD_TYPES) {
    const name = componentName(type);
    const component = schemas[name];
    assert.ok(component, `${name} is a component`);
    const shape = RECORD_SCHEMAS[type].shape as Record<
      string,
      { safeParse(v: unknown): { success: boolean } }
    >;
    assert.deepEqual(Object.keys(component.properties as Json), Object.keys(shape), `${name} fields`);
    const required = Object.entries(shape).filter(([, field]) => !field.safeParse(undefined).success).map((
      [k],
    ) => k);
    assert.deepEqual(component.required ?? [], required, `${name} required fields`);
    assert.equal(component.additionalProperties, false, `${name} is closed, like the intake`);
    assert.deepEqual((schemas[`Mirrored${name}`].properties as Json).data, ref(name));
    assert.deepEqual((schemas[`${name}IntakeItem`].properties as Json).data, ref(name));
    assert.ok(
      !((schemas[`${name}Upsert`].required ?? []) as string[]).includes("id"),
      `${name}Upsert: id is optional`,
    );
    const put = (spec.paths as Record<string, Record<string, Json>>)[`/records/${type}/{record_id}`].put;
    assert.deepEqual(
      ((put.requestBody as Json).content as Record<string, Json>)["application/json"].schema,
      ref(`${name}Upsert`),
    );
  }
});

Deno.test("MirroredRecord and RecordIntakeItem are unions of the nine record types discriminated by type", () => {
  for (const union of ["MirroredRecord", "RecordIntakeItem"]) {
    const discriminator = schemas[union].discriminator as {
      propertyName: string;
      mapping: Record<string, string>;
    };
    assert.equal(discriminator.propertyName, "type");
    assert.deepEqual(Object.keys(discriminator.mapping), [...MIRROR_RECORD_TYPES]);
  }
});
