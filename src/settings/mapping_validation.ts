import { DomainError } from "../../domain/errors.ts";
import type { AccountMapping } from "../../domain/mapping/account_mapping.ts";
import {
  describeMappingProblem,
  mappedAccountIds,
  mappingAccountProblems,
  mappingFingerprint,
  type MappingProblem,
  type MappingValidation,
  uncheckedValidation,
} from "../../domain/mapping/mapping_validation.ts";
import type { AccountMappingRepository } from "../../domain/ports/account_mapping_repository.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { ConnectionRepository } from "../../domain/ports/connection_repository.ts";
import type { Logger } from "../../domain/ports/logger.ts";
import type { MappingValidationRepository } from "../../domain/ports/mapping_validation_repository.ts";
import type { QuickBooksTarget } from "../../domain/ports/quickbooks_gateway.ts";
import type { ReferenceLists } from "../reference_data/reference_lists.ts";

/** What checking a mapping against a QuickBooks company needs. */
export interface MappingValidationDependencies {
  readonly connections: ConnectionRepository;
  readonly lists: Pick<ReferenceLists, "fresh" | "cachedEntries">;
  readonly validations: MappingValidationRepository;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * The company mapping writes are checked against: the organization's default connection while it
 * is connected (the one the sync settings are checked against too); null otherwise, and the
 * mapping is then accepted unchecked and checked when a company is connected.
 */
export async function mappingCompany(
  deps: Pick<MappingValidationDependencies, "connections">,
  orgId: string,
): Promise<QuickBooksTarget | null> {
  const connection = await deps.connections.getDefault(orgId);
  return connection?.status === "connected" ? { orgId, realmId: connection.realmId } : null;
}

/**
 * The mapped accounts that do not fit the company's chart of accounts. The cached chart is
 * brought up to date first whatever its age (one CDC call: mapping writes are rare, and an
 * account created or deactivated in QuickBooks a moment ago must count).
 */
export async function mappingProblemsIn(
  deps: Pick<MappingValidationDependencies, "lists">,
  target: QuickBooksTarget,
  mapping: AccountMapping,
): Promise<MappingProblem[]> {
  const ids = mappedAccountIds(mapping);
  if (ids.length === 0) return [];
  await deps.lists.fresh(target, "accounts", { maxAgeMs: 0 });
  const accounts = await deps.lists.cachedEntries(target, "accounts", ids);
  return mappingAccountProblems(mapping, (id) => accounts.get(id));
}

/** The refusal of a mapping write whose accounts do not fit the company. */
export function mappingAccountInvalid(realmId: string, problems: readonly MappingProblem[]): DomainError {
  return new DomainError(
    "MAPPING_ACCOUNT_INVALID",
    `The QuickBooks company ${realmId} cannot take these mapped accounts: ` +
      problems.map(describeMappingProblem).join("; "),
    { realm_id: realmId, problems },
  );
}

/** Stores the outcome of checking `mapping` against the company and returns it as the API shows it. */
export async function recordMappingValidation(
  deps: Pick<MappingValidationDependencies, "validations" | "clock">,
  target: QuickBooksTarget,
  mapping: AccountMapping,
  problems: readonly MappingProblem[],
): Promise<MappingValidation> {
  const checkedAt = deps.clock.now().toISOString();
  const state = problems.length === 0 ? "valid" : "invalid";
  await deps.validations.save({
    orgId: target.orgId,
    realmId: target.realmId,
    state,
    problems,
    mappingFingerprint: mappingFingerprint(mapping),
    checkedAt,
  });
  return { state, realm_id: target.realmId, checked_at: checkedAt, problems: [...problems] };
}

/**
 * The validation of `mapping` against a company as last recorded: `unchecked` when it never was
 * checked there, or the mapping changed since.
 */
export async function recordedMappingValidation(
  deps: Pick<MappingValidationDependencies, "validations">,
  orgId: string,
  realmId: string | null,
  mapping: AccountMapping,
): Promise<MappingValidation> {
  if (realmId === null) return uncheckedValidation();
  const stored = await deps.validations.get(orgId, realmId);
  if (!stored || stored.mappingFingerprint !== mappingFingerprint(mapping)) {
    return uncheckedValidation(realmId);
  }
  return {
    state: stored.state,
    realm_id: realmId,
    checked_at: stored.checkedAt,
    problems: [...stored.problems],
  };
}

/**
 * Checks the organization's stored mapping against a company just connected (after OAuth) and
 * records the result for `/status` and `GET /mappings`. Never fails the connection: when
 * QuickBooks cannot be read the mapping stays `unchecked` and the failure is logged.
 */
export async function validateMappingAtConnect(
  deps: MappingValidationDependencies & { readonly mappings: AccountMappingRepository },
  target: QuickBooksTarget,
): Promise<MappingValidation> {
  const { mapping } = await deps.mappings.get(target.orgId);
  try {
    const problems = await mappingProblemsIn(deps, target, mapping);
    const validation = await recordMappingValidation(deps, target, mapping, problems);
    if (problems.length > 0) {
      deps.logger.warn("account mapping does not fit the connected QuickBooks company", {
        org_id: target.orgId,
        realm_id: target.realmId,
        problems: problems.map(describeMappingProblem),
      });
    }
    return validation;
  } catch (error) {
    deps.logger.warn("account mapping could not be checked against the connected company", {
      org_id: target.orgId,
      realm_id: target.realmId,
      error_code: (error as { code?: unknown }).code ?? "UNKNOWN",
    });
    return uncheckedValidation(target.realmId);
  }
}
