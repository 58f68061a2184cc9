import type { Clock } from "../../domain/ports/clock.ts";
import type { ConnectionRepository } from "../../domain/ports/connection_repository.ts";
import type { JobQueue } from "../../domain/ports/job_queue.ts";
import type { RecordMirror } from "../../domain/ports/record_mirror.ts";

/** What a reconciliation run reports back to the automation (the reconciliation service owns the rest). */
export interface ReconciliationSummary {
  readonly reportId: string;
  readonly integrityScore: number;
  readonly discrepanciesFound: number;
}

/** Runs the organization's reconciliation over the last `periodDays` days and stores its report. */
export type Reconciler = (
  orgId: string,
  options: { readonly periodDays: number },
) => Promise<ReconciliationSummary>;

/** What the workflows need: the mirror they read and write, the sync queue, and a reconciler. */
export interface WorkflowDependencies {
  readonly mirror: RecordMirror;
  readonly jobs: JobQueue;
  readonly connections: ConnectionRepository;
  readonly clock: Clock;
  /** Null while no reconciliation service is wired: the workflow then fails with QB008. */
  readonly reconcile: Reconciler | null;
}

/** One workflow execution: as of a calendar date, with the workflow's validated options. */
export interface WorkflowRequest {
  readonly orgId: string;
  readonly asOf: string;
  readonly options: Readonly<Record<string, unknown>>;
  /** Compute and report what the run would do, writing nothing. */
  readonly dryRun: boolean;
}

/** A workflow's report: plain JSON stored with the run and shown by the status API. */
export type WorkflowResult = Readonly<Record<string, unknown>>;
