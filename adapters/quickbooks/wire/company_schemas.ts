import { z } from "zod";

/** `GET /companyinfo/{realmId}` */
export const companyInfoResponseSchema = z.object({
  CompanyInfo: z.object({ CompanyName: z.string(), LegalName: z.string().optional() }).passthrough(),
});

/** `GET /preferences`: only the tracking switches the connect flow needs. */
export const preferencesResponseSchema = z.object({
  Preferences: z.object({
    AccountingInfoPrefs: z.object({
      TrackDepartments: z.boolean().default(false),
      DepartmentTerminology: z.string().optional(),
      ClassTrackingPerTxn: z.boolean().default(false),
      ClassTrackingPerTxnLine: z.boolean().default(false),
    }).passthrough().default({
      TrackDepartments: false,
      ClassTrackingPerTxn: false,
      ClassTrackingPerTxnLine: false,
    }),
  }).passthrough(),
});
