/** The README's table of what each role may do is the policy in domain/access, cell for cell. */
import assert from "node:assert/strict";
import { PermissionSchema } from "../domain/access/permissions.ts";
import { ROLE_PERMISSIONS, RoleSchema } from "../domain/access/roles.ts";

Deno.test("README: the Access table lists every role and permission exactly as ROLE_PERMISSIONS grants them", async () => {
  const readme = await Deno.readTextFile(new URL("../README.md", import.meta.url));
  const section = readme.split("\n## Access\n")[1]?.split("\n## ")[0];
  assert.ok(section, "README has an Access section");
  const rows = section.split("\n").filter((l) => l.startsWith("|")).map((l) =>
    l.split("|").slice(1, -1).map((cell) => cell.trim())
  );
  const [header, _rule, ...body] = rows;
  assert.deepEqual(header, ["permission", ...RoleSchema.options]);
  assert.deepEqual(body.map((r) => r[0]), PermissionSchema.options.map((p) => `\`${p}\``));
  for (const [cell, ...grants] of body) {
    const permission = cell.replaceAll("`", "") as (typeof PermissionSchema.options)[number];
    RoleSchema.options.forEach((role, i) => {
      assert.equal(grants[i], ROLE_PERMISSIONS[role].has(permission) ? "yes" : "", `${role} / ${permission}`);
    });
  }
});
