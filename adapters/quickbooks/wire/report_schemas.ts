import { z } from "zod";

const colDataSchema = z.object({ value: z.string().default(""), id: z.string().optional() });

type WireRow = {
  type?: string;
  group?: string;
  ColData?: z.infer<typeof colDataSchema>[];
  Header?: { ColData?: z.infer<typeof colDataSchema>[] };
  Rows?: { Row?: WireRow[] };
  Summary?: { ColData?: z.infer<typeof colDataSchema>[] };
};

const rowSchema: z.ZodType<WireRow> = z.lazy(() =>
  z.object({
    type: z.string().optional(),
    group: z.string().optional(),
    ColData: z.array(colDataSchema).optional(),
    Header: z.object({ ColData: z.array(colDataSchema).optional() }).optional(),
    Rows: z.object({ Row: z.array(rowSchema).optional() }).optional(),
    Summary: z.object({ ColData: z.array(colDataSchema).optional() }).optional(),
  })
);

/** `{"Header":{...},"Columns":{"Column":[...]},"Rows":{"Row":[...]}}`; values are strings. */
export const reportResponseSchema = z.object({
  Header: z.record(z.string(), z.unknown()),
  Columns: z.object({
    Column: z.array(z.object({ ColTitle: z.string().default(""), ColType: z.string().default("") })).default(
      [],
    ),
  }).default({ Column: [] }),
  Rows: z.object({ Row: z.array(rowSchema).default([]) }).default({ Row: [] }),
});

export type WireReportRow = WireRow;
