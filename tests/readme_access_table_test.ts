/** The README's access tables are the policy in domain/access, cell for cell. */
import assert from "node:assert/strict";
import { ACCESS_LEVEL_PERMISSIONS, AccessLevelSchema } from "../domain/access/access_levels.ts";
import { FEATURE_OF_PERMISSION, FeatureSchema } from "../domain/access/features.ts";
import { PermissionSchema } from "../domain/access/permissions.ts";
import { ROLE_PERMISSIONS, RoleSchema } from "../domain/access/roles.ts";

type Permission = (typeof PermissionSchema.options)[number];

async function accessSection(): Promise<string> {
  const readme = await Deno.readTextFile(new URL("../README.md", import.meta.url));
  const section = readme.split("\n## Access\n")[1]?.split("\n## ")[0];
  assert.ok(section, "README has an Access section");
  return section;
}

/** The rows of the one table of `section` whose first header cell is `first` and second `second`. */
function table(section: string, first: string, second: string): string[][] {
  const tables: string[][][] = [];
  let current: string[][] | null = null;
  for (const line of section.split("\n")) {
    if (!line.startsWith("|")) {
      current = null;
      continue;
    }
    if (current === null) tables.push(current = []);
    current.push(line.split("|").slice(1, -1).map((cell) => cell.trim()));
  }
  const found = tables.filter((t) => t[0][0] === first && t[0][1] === second);
  assert.equal(found.length, 1, `one table headed ${first} | ${second}`);
  return found[0];
}

/** Checks a permission x column table against `holds`. */
function assertPermissionTable(
  rows: string[][],
  columns: readonly string[],
  holds: (column: string, permission: Permission) => boolean,
) {
  const [header, _rule, ...body] = rows;
  assert.deepEqual(header, ["permission", ...columns]);
  assert.deepEqual(body.map((r) => r[0]), PermissionSchema.options.map((p) => `\`${p}\``));
  for (const [cell, ...grants] of body) {
    const permission = cell.replaceAll("`", "") as Permission;
    columns.forEach((column, i) => {
      assert.equal(grants[i], holds(column, permission) ? "yes" : "", `${column} / ${permission}`);
    });
  }
}

Deno.test("README: the Access table lists every role and permission exactly as ROLE_PERMISSIONS grants them", async () => {
  const rows = table(await accessSection(), "permission", RoleSchema.options[0]);
  assertPermissionTable(
    rows,
    RoleSchema.options,
    (role, p) => ROLE_PERMISSIONS[role as keyof typeof ROLE_PERMISSIONS].has(p),
  );
});

Deno.test("README: the access levels table is ACCESS_LEVEL_PERMISSIONS cell for cell", async () => {
  const rows = table(await accessSection(), "permission", AccessLevelSchema.options[0]);
  assertPermissionTable(
    rows,
    AccessLevelSchema.options,
    (level, p) => ACCESS_LEVEL_PERMISSIONS[level as keyof typeof ACCESS_LEVEL_PERMISSIONS].has(p),
  );
});

Deno.test("README: the features table names every feature with exactly its permissions", async () => {
  const [header, _rule, ...body] = table(await accessSection(), "feature", "permissions");
  assert.deepEqual(header, ["feature", "permissions"]);
  assert.deepEqual(body.map((r) => r[0]), FeatureSchema.options.map((f) => `\`${f}\``));
  for (const [feature, permissions] of body) {
    const expected = PermissionSchema.options.filter((p) =>
      FEATURE_OF_PERMISSION[p] === feature.replaceAll("`", "")
    );
    assert.deepEqual(permissions.split(",").map((p) => p.trim().replaceAll("`", "")), expected, feature);
  }
});
