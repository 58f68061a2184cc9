import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from "pdf-lib";
import type { Doc } from "./company_state.ts";

/**
 * The PDF QBO returns for `GET /{entity}/{id}/pdf` ("the specified object ... as an Adobe Portable
 * Document Format (PDF) file, formatted according to custom form styles in the company settings").
 * The emulator has no form styles: it lays out one plain form with pdf-lib (title, company, bill-to,
 * number and dates, one row per line, totals, customer memo) on US Letter pages. The document's
 * title metadata is "<Form> <DocNumber>" so tools (and tests) can identify it without parsing text;
 * its dates are the object's, so the same object always yields the same bytes.
 */
export const PDF_FORMS: Readonly<Record<string, string>> = {
  Invoice: "Invoice",
  Estimate: "Estimate",
  SalesReceipt: "Sales Receipt",
  CreditMemo: "Credit Memo",
  RefundReceipt: "Refund Receipt",
};

const PAGE: [number, number] = [612, 792];
const MARGIN = 54;
const COLUMNS = { description: MARGIN, qty: 360, rate: 430, amount: 558 };

export interface PdfSource {
  readonly entityName: string;
  /** The object as the API renders it. */
  readonly doc: Doc;
  readonly companyInfo: Doc;
}

export async function salesFormPdf(source: PdfSource): Promise<Uint8Array<ArrayBuffer>> {
  const { entityName, doc, companyInfo } = source;
  const form = PDF_FORMS[entityName] ?? entityName;
  const number = String(doc.DocNumber ?? doc.Id);
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const created = new Date(String((doc.MetaData as Doc | undefined)?.CreateTime ?? "1970-01-01T00:00:00Z"));
  const updated = new Date(
    String((doc.MetaData as Doc | undefined)?.LastUpdatedTime ?? created.toISOString()),
  );
  pdf.setTitle(`${form} ${number}`);
  pdf.setAuthor(String(companyInfo.CompanyName ?? ""));
  pdf.setSubject(`${form} ${number} for ${refName(doc.CustomerRef)}`);
  pdf.setCreator("QuickBooks Online emulator");
  pdf.setProducer("pdf-lib");
  pdf.setCreationDate(created);
  pdf.setModificationDate(updated);

  const writer = new PageWriter(pdf, regular);
  writer.text(String(companyInfo.CompanyName ?? ""), MARGIN, 14, bold);
  for (const line of addressLines(companyInfo.CompanyAddr)) writer.text(line, MARGIN, 9);
  writer.skip(10);
  writer.text(form.toUpperCase(), MARGIN, 20, bold);
  if (typeof doc.PrivateNote === "string" && doc.PrivateNote.startsWith("Voided")) {
    writer.textAt("VOIDED", 430, writer.y + 20, 20, bold);
  }
  writer.skip(6);
  const facts: Array<[string, unknown]> = [
    [`${form} no.`, number],
    ["Date", doc.TxnDate],
    ["Due date", doc.DueDate],
    ["Expiration date", doc.ExpirationDate],
    ["Payment ref.", doc.PaymentRefNum],
  ];
  for (const [label, value] of facts) {
    if (value === undefined || value === null || value === "") continue;
    writer.textAt(`${label}:`, MARGIN, writer.y, 10, bold);
    writer.text(String(value), MARGIN + 100, 10);
  }
  writer.skip(10);
  writer.text("Bill to", MARGIN, 10, bold);
  writer.text(refName(doc.CustomerRef), MARGIN, 10);
  for (const line of addressLines(doc.BillAddr)) writer.text(line, MARGIN, 10);
  const email = (doc.BillEmail as Doc | undefined)?.Address;
  if (typeof email === "string") writer.text(email, MARGIN, 10);
  writer.skip(16);

  writer.row(["Description", "Qty", "Rate", "Amount"], bold);
  writer.rule();
  for (const line of (doc.Line as Doc[] | undefined) ?? []) {
    if (line.DetailType === "SubTotalLineDetail") continue;
    const detail = (line.SalesItemLineDetail ?? {}) as Doc;
    const description = String(line.Description ?? refName(detail.ItemRef) ?? "");
    const discount = line.DetailType === "DiscountLineDetail";
    writer.row([
      discount ? `Discount${description ? `: ${description}` : ""}` : description,
      detail.Qty === undefined ? "" : String(detail.Qty),
      detail.UnitPrice === undefined ? "" : money(Number(detail.UnitPrice)),
      money(Number(line.Amount ?? 0) * (discount ? -1 : 1)),
    ], regular);
  }
  writer.rule();
  writer.row(["", "", "Total", money(Number(doc.TotalAmt ?? 0))], bold);
  if (entityName === "Invoice") writer.row(["", "", "Balance due", money(Number(doc.Balance ?? 0))], bold);
  if (entityName === "CreditMemo") {
    writer.row(["", "", "Remaining credit", money(Number(doc.RemainingCredit ?? 0))], bold);
  }
  const memo = (doc.CustomerMemo as Doc | undefined)?.value;
  if (typeof memo === "string" && memo !== "") {
    writer.skip(16);
    for (const line of memo.split(/\r?\n/)) writer.text(line, MARGIN, 10);
  }
  return new Uint8Array(await pdf.save());
}

function refName(ref: unknown): string {
  const r = ref as Doc | undefined;
  return String(r?.name ?? r?.value ?? "");
}

function addressLines(address: unknown): string[] {
  const a = address as Doc | undefined;
  if (!a) return [];
  const street = ["Line1", "Line2", "Line3", "Line4", "Line5"].map((k) => a[k]).filter((v) =>
    typeof v === "string"
  );
  const city = [a.City, a.CountrySubDivisionCode, a.PostalCode].filter((v) => typeof v === "string").join(
    " ",
  );
  return [
    ...street.map(String),
    ...(city ? [city] : []),
    ...(typeof a.Country === "string" ? [a.Country] : []),
  ];
}

/** `$1,250.00`, `-$12.50`. */
export function money(amount: number): string {
  const sign = amount < 0 ? "-" : "";
  const [whole, cents] = Math.abs(amount).toFixed(2).split(".");
  return `${sign}$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${cents}`;
}

/** Writes lines top-down, starting a new page when the current one is full. */
class PageWriter {
  readonly #pdf: PDFDocument;
  readonly #regular: PDFFont;
  readonly #charset: ReadonlySet<number>;
  #page: PDFPage;
  y: number;

  constructor(pdf: PDFDocument, regular: PDFFont) {
    this.#pdf = pdf;
    this.#regular = regular;
    this.#charset = new Set(regular.getCharacterSet());
    this.#page = pdf.addPage(PAGE);
    this.y = PAGE[1] - MARGIN;
  }

  skip(points: number): void {
    this.y -= points;
  }

  /** A line of text at `x`, then moves down. */
  text(value: string, x: number, size: number, font: PDFFont = this.#regular): void {
    this.#room(size + 4);
    this.textAt(value, x, this.y - size, size, font);
    this.y -= size + 4;
  }

  /** Text at a fixed position (does not move). */
  textAt(value: string, x: number, y: number, size: number, font: PDFFont = this.#regular): void {
    this.#page.drawText(this.#encodable(value), { x, y, size, font, color: rgb(0, 0, 0) });
  }

  /** One table row: description left, numbers right-aligned in their columns. */
  row(cells: readonly [string, string, string, string], font: PDFFont): void {
    const size = 10;
    this.#room(size + 6);
    const y = this.y - size;
    this.textAt(truncate(this.#encodable(cells[0]), 52), COLUMNS.description, y, size, font);
    for (
      const [text, right] of [[cells[1], COLUMNS.qty + 40], [cells[2], COLUMNS.rate + 60], [
        cells[3],
        COLUMNS.amount,
      ]] as const
    ) {
      const safe = this.#encodable(text);
      this.textAt(safe, right - font.widthOfTextAtSize(safe, size), y, size, font);
    }
    this.y -= size + 6;
  }

  rule(): void {
    this.#room(6);
    this.#page.drawLine({
      start: { x: MARGIN, y: this.y - 2 },
      end: { x: PAGE[0] - MARGIN, y: this.y - 2 },
      thickness: 0.5,
    });
    this.y -= 6;
  }

  #room(height: number): void {
    if (this.y - height >= MARGIN) return;
    this.#page = this.#pdf.addPage(PAGE);
    this.y = PAGE[1] - MARGIN;
  }

  /** The standard fonts are WinAnsi: other characters print as "?". */
  #encodable(value: string): string {
    let out = "";
    for (const ch of value.replace(/[\r\n\t]+/g, " ")) {
      out += this.#charset.has(ch.codePointAt(0)!) ? ch : "?";
    }
    return out;
  }
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
