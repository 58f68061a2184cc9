import { createRoute, z } from "@hono/zod-openapi";
import { requires } from "../access.ts";
import type { ApiApp, Caller } from "../api_types.ts";
import { envelopeOf, STANDARD_ERRORS, successEnvelope } from "../envelope.ts";
import {
  type WorkflowName as Workflow,
  WorkflowNameSchema,
} from "../../../domain/automation/workflow_catalog.ts";

const WORKFLOWS = WorkflowNameSchema.options;
const WorkflowName = z.enum(WORKFLOWS);

const Schedule = z.record(z.string(), z.unknown()).openapi("AutomationSchedule", {
  description:
    "All schedules are UTC. `{kind: monthly, day: 1..31, at: 'HH:MM'}` (a day past the month's end " +
    "means its last day), `{kind: daily, at: 'HH:MM'}` or `{kind: every_hours, hours: 1..168}` (counted from " +
    "00:00 UTC 1970-01-01).",
  example: { kind: "monthly", day: 1, at: "00:00" },
});

const Run = z.object({
  id: z.string(),
  workflow: WorkflowName,
  slot: z.string(),
  trigger: z.enum(["schedule", "manual"]),
  as_of: z.string(),
  status: z.enum(["running", "succeeded", "failed"]),
  attempts: z.number().int(),
  result: z.record(z.string(), z.unknown()).nullable(),
  error: z.object({
    code: z.string().openapi({ example: "QB008" }),
    message: z.string(),
    cause: z.record(z.string(), z.unknown()).nullable(),
  }).nullable(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
}).openapi("AutomationRun");
export type AutomationRunView = z.infer<typeof Run>;

const WorkflowConfigView = z.object({
  workflow: WorkflowName,
  enabled: z.boolean(),
  schedule: Schedule,
  missed_slot_policy: z.enum(["catch_up", "skip"]),
  options: z.record(z.string(), z.unknown()),
  version: z.number().int(),
  updated_at: z.string(),
}).openapi("AutomationWorkflowConfig");
export type AutomationConfigView = z.infer<typeof WorkflowConfigView>;

const WorkflowStatusView = z.object({
  workflow: WorkflowName,
  configured: z.boolean(),
  enabled: z.boolean(),
  schedule: Schedule,
  missed_slot_policy: z.enum(["catch_up", "skip"]),
  default_missed_slot_policy_reason: z.string(),
  options: z.record(z.string(), z.unknown()),
  next_run_at: z.string().nullable(),
  last_run: Run.nullable(),
  recent_failures: z.array(Run),
}).openapi("AutomationWorkflowStatus");

const Status = z.object({
  time_zone: z.literal("UTC"),
  workflows: z.array(WorkflowStatusView),
  recent_runs: z.array(Run),
}).openapi("AutomationStatus");
export type AutomationStatusView = z.infer<typeof Status>;

const EnableRequest = z.object({
  workflows: z.array(z.object({
    name: WorkflowName,
    enabled: z.boolean().default(true),
    schedule: Schedule.optional(),
    missed_slot_policy: z.enum(["catch_up", "skip"]).optional(),
    options: z.record(z.string(), z.unknown()).optional(),
  })).min(1).max(WORKFLOWS.length),
}).openapi("AutomationEnableRequest");
export type AutomationEnableInput = z.infer<typeof EnableRequest>;

const ExecuteRequest = z.object({
  workflow: WorkflowName,
  dry_run: z.boolean().default(false),
}).openapi("AutomationExecuteRequest");

const ExecuteResult = z.object({
  dry_run: z.boolean(),
  workflow: WorkflowName,
  as_of: z.string(),
  run: Run.nullable(),
  result: z.record(z.string(), z.unknown()).nullable(),
}).openapi("AutomationExecution");
export type AutomationExecutionView = z.infer<typeof ExecuteResult>;

/** What the automation routes need from the application. */
export interface AutomationServices {
  enable(
    caller: Caller,
    input: AutomationEnableInput,
    requestId: string,
  ): Promise<AutomationConfigView[]>;
  execute(
    caller: Caller,
    input: { workflow: Workflow; dry_run: boolean },
    requestId: string,
  ): Promise<AutomationExecutionView>;
  status(caller: Caller, options: { runs: number }): Promise<AutomationStatusView>;
}

/** Permissions are checked by the use cases: `automation:manage` to change or run, `automation:read` otherwise. */
export function registerAutomationRoutes(api: ApiApp, services: AutomationServices, now: () => Date): void {
  api.openapi(
    createRoute({
      method: "post",
      path: "/automation/enable",
      tags: ["automation"],
      summary: "Enable, reschedule or disable automation workflows",
      description: "Each listed workflow is saved with its schedule (UTC), missed-slot policy and options; " +
        "omitted fields keep the stored value (the workflow's default the first time). `enabled: false` " +
        "disables. Slots count from the moment a workflow is enabled or its schedule changes. Defaults: rent " +
        "generation monthly on the 1st, catching up missed months; the others skip to the latest missed slot.",
      ...requires("automation:manage"),
      request: { body: { required: true, content: { "application/json": { schema: EnableRequest } } } },
      responses: {
        200: {
          description: "The saved configurations",
          content: { "application/json": { schema: envelopeOf(z.array(WorkflowConfigView)) } },
        },
        ...STANDARD_ERRORS,
      },
    }),
    async (c) => {
      const saved = await services.enable(c.get("caller"), c.req.valid("json"), c.get("requestId"));
      return c.json(successEnvelope(saved, now()), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/automation/execute",
      tags: ["automation"],
      summary: "Run one workflow now, or dry-run it",
      description:
        "Runs as of today (UTC) with the workflow's stored options. `dry_run: true` returns what it " +
        "would do and writes nothing (no records, no jobs, no run). A failed run is stored and answered with " +
        "QB008 and its cause.",
      ...requires("automation:manage"),
      request: { body: { required: true, content: { "application/json": { schema: ExecuteRequest } } } },
      responses: {
        200: {
          description: "The finished run, or the dry run's report",
          content: { "application/json": { schema: envelopeOf(ExecuteResult) } },
        },
        ...STANDARD_ERRORS,
        500: {
          description: "The workflow failed (QB008, with the cause in details), or an internal error",
          content: {
            "application/json": { schema: STANDARD_ERRORS[400].content["application/json"].schema },
          },
        },
      },
    }),
    async (c) => {
      const result = await services.execute(c.get("caller"), c.req.valid("json"), c.get("requestId"));
      return c.json(successEnvelope(result, now()), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/automation/status",
      tags: ["automation"],
      summary:
        "Workflows with their schedules, next and last runs, results and failures (QB008 with the cause)",
      ...requires("automation:read"),
      request: { query: z.object({ runs: z.coerce.number().int().min(1).max(200).default(20) }) },
      responses: {
        200: {
          description: "Automation status",
          content: { "application/json": { schema: envelopeOf(Status) } },
        },
        ...STANDARD_ERRORS,
      },
    }),
    async (c) => {
      const status = await services.status(c.get("caller"), c.req.valid("query"));
      return c.json(successEnvelope(status, now()), 200);
    },
  );
}
