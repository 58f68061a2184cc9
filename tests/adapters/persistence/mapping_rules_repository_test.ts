import assert from "node:assert/strict";
import { SqlMappingRulesRepository } from "../../../adapters/persistence/repositories/mapping_rules_repository.ts";
import { mappingRulesOf } from "../../../domain/ports/mapping_rules_repository.ts";
import { parseTransformationRules } from "../../../domain/mapping/transformation_rules.ts";
import { contractSuite } from "../../support/databases.ts";

const T1 = "2026-05-01T12:00:00.000Z";
const T2 = "2026-05-01T13:00:00.000Z";

contractSuite("SqlMappingRulesRepository contract", async (t, database) => {
  const repo = new SqlMappingRulesRepository(database);
  const rules = parseTransformationRules({
    invoice_memo_template: "Lease {lease_id} for {billing_period}",
    custom_fields: [{
      definition_id: "1",
      name: "Unit",
      value: "{unit_number}",
      transforms: ["upper", "truncate:10"],
    }],
  });

  await t.step("get is null before anything was saved; the rules that apply are the defaults", async () => {
    assert.equal(await repo.get("org-a"), null);
    assert.deepEqual(await mappingRulesOf(repo, "org-a"), { custom_fields: [] });
  });

  await t.step(
    "save stores the rules as given; saving again replaces them and bumps the version",
    async () => {
      const first = await repo.save("org-a", rules, T1);
      assert.deepEqual(first, { rules, version: 1, updatedAt: T1 });
      const replaced = parseTransformationRules({ custom_fields: [] });
      const second = await repo.save("org-a", replaced, T2);
      assert.deepEqual(second, { rules: replaced, version: 2, updatedAt: T2 });
      assert.deepEqual(await mappingRulesOf(repo, "org-a"), replaced, "the memo template left out is gone");
    },
  );

  await t.step("organizations never see each other's rules", async () => {
    await repo.save("org-b", rules, T1);
    assert.deepEqual((await repo.get("org-b"))?.rules, rules);
    assert.equal((await repo.get("org-a"))?.rules.invoice_memo_template, undefined);
    assert.equal(await repo.get("org-c"), null);
  });
});
