import { createRoute, z } from "@hono/zod-openapi";
import { requires } from "../access.ts";
import { raises } from "../error_responses.ts";
import type { ApiApp, Caller } from "../api_types.ts";
import { envelopeOf, successEnvelope } from "../envelope.ts";
import {
  type WorkflowName as Workflow,
  WorkflowNameSchema,
} from "../../../domain/automation/workflow_catalog.ts";
import { ScheduleSchema } from "../../../domain/automation/schedule.ts";
import {
  LateFeeOptionsSchema,
  LateFeePolicyOptionsSchema,
  WORKFLOW_OPTION_SCHEMAS,
} from "../../../domain/automation/workflow_options.ts";
import {
  CamelCaseLateFeePolicySchema,
  upgradeCamelCaseOptions,
} from "../../../domain/automation/camel_case_options.ts";

const WORKFLOWS = WorkflowNameSchema.options;
const WorkflowName = z.enum(WORKFLOWS);
const MissedSlotPolicy = z.enum(["catch_up", "skip"]);

/** `late_fee_processing` -> `LateFeeProcessing`, the prefix of the workflow's components. */
const pascal = (workflow: Workflow) =>
  workflow.split("_").map((w) => w[0].toUpperCase() + w.slice(1)).join("");
const byWorkflow = <S>(build: (workflow: Workflow) => S) => WORKFLOWS.map(build) as unknown as [S, ...S[]];

/**
 * The options a request may send: the workflow's options, except that a late-fee policy may still be
 * written in its deprecated camelCase form (the route renames it and says so in a `Deprecation` header).
 */
const LatePolicyInput = z.union([LateFeePolicyOptionsSchema, CamelCaseLateFeePolicySchema]);
const OPTION_INPUTS: Readonly<Record<Workflow, z.ZodType>> = {
  ...WORKFLOW_OPTION_SCHEMAS,
  late_fee_processing: z.strictObject({
    ...LateFeeOptionsSchema.shape,
    default_policy: LatePolicyInput.optional(),
    property_policies: z.record(z.string().min(1).max(100), LatePolicyInput).default({}),
  }).openapi("LateFeeProcessingOptionsInput", {
    description: LateFeeOptionsSchema.meta()?.description,
  }),
};

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

const WorkflowConfigView = z.discriminatedUnion(
  "workflow",
  byWorkflow((workflow) =>
    z.object({
      workflow: z.literal(workflow),
      enabled: z.boolean(),
      schedule: ScheduleSchema,
      missed_slot_policy: MissedSlotPolicy,
      options: WORKFLOW_OPTION_SCHEMAS[workflow],
      version: z.number().int(),
      updated_at: z.string(),
    }).openapi(`${pascal(workflow)}Config`)
  ),
).openapi("AutomationWorkflowConfig");
export type AutomationConfigView = z.infer<typeof WorkflowConfigView>;

const WorkflowStatusView = z.discriminatedUnion(
  "workflow",
  byWorkflow((workflow) =>
    z.object({
      workflow: z.literal(workflow),
      configured: z.boolean(),
      enabled: z.boolean(),
      schedule: ScheduleSchema,
      missed_slot_policy: MissedSlotPolicy,
      default_missed_slot_policy_reason: z.string(),
      options: WORKFLOW_OPTION_SCHEMAS[workflow],
      next_run_at: z.string().nullable(),
      last_run: Run.nullable(),
      recent_failures: z.array(Run),
    }).openapi(`${pascal(workflow)}Status`)
  ),
).openapi("AutomationWorkflowStatus");

const Status = z.object({
  time_zone: z.literal("UTC"),
  workflows: z.array(WorkflowStatusView),
  recent_runs: z.array(Run),
}).openapi("AutomationStatus");
export type AutomationStatusView = z.infer<typeof Status>;

const WorkflowChange = z.discriminatedUnion(
  "name",
  byWorkflow((workflow) =>
    z.object({
      name: z.literal(workflow),
      enabled: z.boolean().default(true),
      schedule: ScheduleSchema.optional(),
      missed_slot_policy: MissedSlotPolicy.optional(),
      options: OPTION_INPUTS[workflow].optional(),
    }).openapi(`${pascal(workflow)}Change`)
  ),
);

const EnableRequest = z.object({
  workflows: z.array(WorkflowChange).min(1).max(WORKFLOWS.length),
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

/** When camelCase late-fee policies were deprecated (RFC 9745 `Deprecation`: a structured date). */
const CAMEL_CASE_DEPRECATION = `@${Date.UTC(2026, 0, 1) / 1000}`;
const DEPRECATION_HEADERS = {
  Deprecation: {
    description:
      "Sent when the request used a deprecated form (a camelCase late-fee policy): the date it was " +
      "deprecated (RFC 9745)",
    schema: { type: "string" as const, example: CAMEL_CASE_DEPRECATION },
  },
  Warning: {
    description: 'With `Deprecation`: `299 - "..."` naming each deprecated key the request used',
    schema: { type: "string" as const },
  },
};

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
          headers: DEPRECATION_HEADERS,
          content: { "application/json": { schema: envelopeOf(z.array(WorkflowConfigView)) } },
        },
      },
    }),
    async (c) => {
      const renamed: string[] = [];
      const workflows = c.req.valid("json").workflows.map((change, i) => {
        if (change.options === undefined) return change;
        const upgraded = upgradeCamelCaseOptions(change.name, change.options);
        renamed.push(...upgraded.renamed.map((path) => `workflows.${i}.${path}`));
        return { ...change, options: upgraded.options } as typeof change;
      });
      const saved = await services.enable(c.get("caller"), { workflows }, c.get("requestId"));
      if (renamed.length > 0) {
        c.header("Deprecation", CAMEL_CASE_DEPRECATION);
        c.header(
          "Warning",
          `299 - "camelCase late-fee policy keys are deprecated, send snake_case: ${renamed.join(", ")}"`,
        );
      }
      return c.json(successEnvelope(saved, now()), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/automation/execute",
      tags: ["automation"],
      summary: "Run one workflow now, or dry-run it",
      ...raises("QB008"),
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
      },
    }),
    async (c) => {
      const status = await services.status(c.get("caller"), c.req.valid("query"));
      return c.json(successEnvelope(status, now()), 200);
    },
  );
}
