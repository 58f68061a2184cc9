import type { CompanyOperations } from "./company_operations.ts";
import type { Doc } from "./company_state.ts";
import { faults } from "./fault_catalog.ts";
import { PDF_FORMS, salesFormPdf } from "./sales_form_pdf.ts";

/**
 * `GET /{entity}/{id}/pdf` and `POST /{entity}/{id}/send[?sendTo=addr]` for the sales forms whose
 * Intuit API reference pages document both: Invoice, Estimate, SalesReceipt, CreditMemo and
 * RefundReceipt (PurchaseOrder has them too, but the emulator keeps no purchase orders). Other
 * entities answer 500 Unsupported Operation, like any unknown path.
 *
 * Send: "The Invoice.EmailStatus parameter is set to EmailSent. The Invoice.DeliveryInfo element is
 * populated with sending information. The Invoice.BillEmail.Address parameter is updated to the
 * address specified with the value of the sendTo query parameter, if specified." Without sendTo and
 * without BillEmail there is nobody to send to: fault 6420 (Intuit's "Email required"). Nothing is
 * actually mailed.
 */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function formName(ops: CompanyOperations, entity: string, id: string, action: string): string {
  const name = Object.keys(PDF_FORMS).find((n) => n.toLowerCase() === entity.toLowerCase());
  if (!name) throw faults.unsupportedOperation(`/v3/company/${ops.state.realmId}/${entity}/${id}/${action}`);
  return name;
}

export async function documentPdf(
  ops: CompanyOperations,
  entity: string,
  id: string,
): Promise<Uint8Array<ArrayBuffer>> {
  const entityName = formName(ops, entity, id, "pdf");
  const doc = ops.read(entityName, id);
  return await salesFormPdf({ entityName, doc, companyInfo: ops.readSingleton("CompanyInfo") });
}

export function sendDocument(
  ops: CompanyOperations,
  entity: string,
  id: string,
  sendTo: string | undefined,
): Doc {
  const entityName = formName(ops, entity, id, "send");
  const doc = ops.read(entityName, id);
  const recipient = sendTo?.trim() || String((doc.BillEmail as Doc | undefined)?.Address ?? "").trim();
  if (recipient === "") {
    throw faults.emailRequired(`${entityName} ${id} has no BillEmail and no sendTo address was given.`);
  }
  if (!EMAIL.test(recipient)) throw faults.emailRequired(`${recipient} is not a valid email address.`);
  return { [entityName]: ops.markEmailed(entityName, id, recipient) };
}
