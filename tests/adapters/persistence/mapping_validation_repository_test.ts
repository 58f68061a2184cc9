import assert from "node:assert/strict";
import { SqlMappingValidationRepository } from "../../../adapters/persistence/repositories/mapping_validation_repository.ts";
import type { MappingProblem } from "../../../domain/mapping/mapping_validation.ts";
import { contractSuite } from "../../support/databases.ts";

const PROBLEM: MappingProblem = {
  property_id: null,
  purpose: "rental_income",
  expense_category: null,
  account_id: "99999",
  reason: "not_found",
  expected: [{ account_type: "Income" }, { account_type: "Other Income" }],
  actual: null,
};

contractSuite("SqlMappingValidationRepository contract", async (t, database) => {
  const repo = new SqlMappingValidationRepository(database);

  await t.step("get of a pair never checked is null", async () => {
    assert.equal(await repo.get("org-a", "9130"), null);
  });

  await t.step("save stores a validation per (organization, realm) and replaces it", async () => {
    const invalid = {
      orgId: "org-a",
      realmId: "9130",
      state: "invalid" as const,
      problems: [PROBLEM],
      mappingFingerprint: "fnv1a64:0123456789abcdef",
      checkedAt: "2026-05-01T12:00:00.000Z",
    };
    await repo.save(invalid);
    assert.deepEqual(await repo.get("org-a", "9130"), invalid);
    const valid = {
      ...invalid,
      state: "valid" as const,
      problems: [],
      checkedAt: "2026-05-01T13:00:00.000Z",
    };
    await repo.save(valid);
    assert.deepEqual(await repo.get("org-a", "9130"), valid);
  });

  await t.step("other realms and organizations keep their own", async () => {
    assert.equal(await repo.get("org-a", "9131"), null);
    assert.equal(await repo.get("org-b", "9130"), null);
  });
});
