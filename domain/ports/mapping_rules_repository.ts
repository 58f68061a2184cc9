import { type TransformationRules, TransformationRulesSchema } from "../mapping/transformation_rules.ts";

/** An organization's mapping rules as stored, with the version each change bumps. */
export interface StoredMappingRules {
  readonly rules: TransformationRules;
  readonly version: number;
  readonly updatedAt: string;
}

/** Persistence of mapping rules, one row per organization. */
export interface MappingRulesRepository {
  get(orgId: string): Promise<StoredMappingRules | null>;
  /** Replaces the organization's rules, bumping the version (1 for the first save). */
  save(orgId: string, rules: TransformationRules, now: string): Promise<StoredMappingRules>;
}

/** The rules of an organization that has saved none: no memo template, no custom fields. */
export function defaultMappingRules(): TransformationRules {
  return TransformationRulesSchema.parse({});
}

/**
 * The rules that apply to an organization: those it saved, or the defaults. Every reader (the push,
 * the pull's merge, the preview) goes through here.
 *
 * @example
 * ```ts
 * (await mappingRulesOf(repository, "org_1")).custom_fields; // [] until the org saves some
 * ```
 */
export async function mappingRulesOf(
  repository: Pick<MappingRulesRepository, "get">,
  orgId: string,
): Promise<TransformationRules> {
  return (await repository.get(orgId))?.rules ?? defaultMappingRules();
}
