import type { OrganizationHealthFacts } from "./health_facts.ts";
import type { HealthCondition } from "./health_issue_codes.ts";
import type { HealthThresholds } from "./health_thresholds.ts";

/** The organization's automation: failed runs per workflow in the window, missed slots per workflow. */
export function automationConditions(facts: OrganizationHealthFacts, t: HealthThresholds): HealthCondition[] {
  const out: HealthCondition[] = [];
  const byWorkflow = new Map<string, OrganizationHealthFacts["automation"]["failedRuns"][number][]>();
  for (const run of facts.automation.failedRuns) {
    byWorkflow.set(run.workflow, [...(byWorkflow.get(run.workflow) ?? []), run]);
  }
  for (const [workflow, runs] of byWorkflow) {
    if (runs.length < t.automationFailedRunsWarn) continue;
    const last = runs.reduce((a, b) => (a.at >= b.at ? a : b));
    out.push({
      key: `AUTOMATION_RUN_FAILED:org:${workflow}`,
      code: "AUTOMATION_RUN_FAILED",
      severity: "warning",
      component: "automation",
      realmId: null,
      message: `${runs.length} runs of ${workflow} failed in the last ${t.automationWindowHours} hours` +
        (last.errorCode ? ` (last: ${last.errorCode})` : ""),
      recommendation: `Read run ${last.runId} (GET /automation/status) for its error, fix it, ` +
        `then run ${workflow} again (POST /automation/execute with workflow ${workflow})`,
      immediate: false,
      details: {
        workflow,
        failed_runs: runs.length,
        last_run_id: last.runId,
        last_error_code: last.errorCode,
      },
    });
  }
  const missed = new Map<string, string[]>();
  for (const slot of facts.automation.missedSlots) {
    missed.set(slot.workflow, [...(missed.get(slot.workflow) ?? []), slot.slot]);
  }
  for (const [workflow, slots] of missed) {
    out.push({
      key: `AUTOMATION_SLOT_MISSED:org:${workflow}`,
      code: "AUTOMATION_SLOT_MISSED",
      severity: "warning",
      component: "automation",
      realmId: null,
      message: `${workflow} did not run for its slot of ${slots.join(", ")}`,
      recommendation:
        `Check that a worker runs (RUN_WORKER); run ${workflow} for ${slots[0]!.slice(0, 10)} by hand ` +
        `(POST /automation/execute with workflow ${workflow})`,
      immediate: false,
      details: { workflow, slots },
    });
  }
  return out;
}
