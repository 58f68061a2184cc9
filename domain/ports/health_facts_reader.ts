/**
 * What the database knows about an organization's integration health, read in one place so the
 * health answer costs a handful of indexed reads per company. The process-only figures (QuickBooks
 * call statistics, the circuit breaker) and the automation schedule are added by the use case.
 */
import type {
  AutomationHealthFacts,
  CompanyHealthFacts,
  WebhookEndpointHealthFacts,
} from "../health/health_facts.ts";

/** A company's facts without what only this process knows. */
export type StoredCompanyHealthFacts = Omit<CompanyHealthFacts, "api" | "circuit" | "rateBudget"> & {
  /** Calls drawn on the realm's shared rate budget (every process) in the minute before `now`. */
  readonly rateBudgetUsedLastMinute: number;
};

export interface StoredHealthFacts {
  readonly companies: readonly StoredCompanyHealthFacts[];
  /** Runs that failed after `failedRunsSince`. */
  readonly failedAutomationRuns: AutomationHealthFacts["failedRuns"];
  /** The organization's outbound webhook endpoints. */
  readonly webhookEndpoints: readonly WebhookEndpointHealthFacts[];
}

export interface HealthFactsReader {
  read(
    orgId: string,
    now: Date,
    options: { readonly failedRunsSince: Date; readonly maxFailingPerCompany: number },
  ): Promise<StoredHealthFacts>;
}
