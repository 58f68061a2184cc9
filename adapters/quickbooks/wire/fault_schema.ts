import { z } from "zod";

/** One error inside a data-layer Fault (`{"Fault":{"Error":[...],"type":"ValidationFault"}}`). */
export const faultErrorSchema = z.object({
  Message: z.string().default(""),
  Detail: z.string().nullish(),
  code: z.union([z.string(), z.number()]).transform(String).default("0"),
  element: z.string().nullish(),
});

export const serviceFaultSchema = z.object({
  Error: z.array(faultErrorSchema).min(1),
  type: z.string().default("UnknownFault"),
});

/** Body of a data-layer error response (HTTP 400, or 200 carrying a Fault). */
export const serviceFaultEnvelopeSchema = z.object({ Fault: serviceFaultSchema });

/** Gateway faults (401/403/429) use lower-case keys. */
export const gatewayFaultEnvelopeSchema = z.object({
  fault: z.object({
    error: z.array(z.object({
      message: z.string().default(""),
      detail: z.string().nullish(),
      code: z.union([z.string(), z.number()]).transform(String).default("0"),
      element: z.string().nullish(),
    })).min(1),
    type: z.string().default("UnknownFault"),
  }),
});

/** A fault in one shape, whichever of the wire shapes (JSON, lower-case JSON, XML) carried it. */
export interface QboFault {
  readonly type: string;
  readonly code: string;
  readonly message: string;
  readonly detail: string | null;
  readonly element: string | null;
}

/** Reads a fault out of a response body; null when the body carries none. */
export function readFault(body: unknown, rawText: string): QboFault | null {
  const service = serviceFaultEnvelopeSchema.safeParse(body);
  if (service.success) {
    const [first] = service.data.Fault.Error;
    return {
      type: service.data.Fault.type,
      code: first.code,
      message: first.Message,
      detail: first.Detail ?? null,
      element: first.element || null,
    };
  }
  const gateway = gatewayFaultEnvelopeSchema.safeParse(body);
  if (gateway.success) {
    const [first] = gateway.data.fault.error;
    return {
      type: gateway.data.fault.type,
      code: first.code,
      message: first.message,
      detail: first.detail ?? null,
      element: first.element || null,
    };
  }
  return readXmlFault(rawText);
}

/** Throttling and some gateway errors come back as XML even when JSON was requested. */
function readXmlFault(text: string): QboFault | null {
  const fault = /<Fault[^>]*type="([^"]*)"/.exec(text);
  const code = /<Error[^>]*code="([^"]*)"/.exec(text);
  if (!fault && !code) return null;
  const tag = (name: string) => new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(text)?.[1]?.trim() ?? null;
  return {
    type: fault?.[1] ?? "UnknownFault",
    code: code?.[1] ?? "0",
    message: tag("Message") ?? "",
    detail: tag("Detail"),
    element: null,
  };
}
