import { QboFault } from "./qbo_fault.ts";

/**
 * The QBO fault codes the emulator raises, with QuickBooks' own wording (taken from recorded
 * responses where one exists, from Intuit's error-code list otherwise), so clients that match
 * on code or message behave as they do against the real service.
 */
export const faults = {
  requiredParamMissing(param: string): QboFault {
    return new QboFault(
      "2020",
      "Required param missing, need to supply the required value for the API",
      `Required parameter ${param} is missing in the request`,
      { element: param },
    );
  },
  duplicateName(): QboFault {
    return new QboFault(
      "6240",
      "Duplicate Name Exists Error",
      "The name supplied already exists. : Another customer, vendor or employee is already using this name. Please use a different name.",
    );
  },
  duplicateListName(entityName: string, name: string): QboFault {
    return new QboFault(
      "6240",
      "Duplicate Name Exists Error",
      `The name supplied already exists. : Another ${entityName.toLowerCase()} is already using the name ${name}. Please use a different name.`,
    );
  },
  staleObject(): QboFault {
    return new QboFault(
      "5010",
      "Stale Object Error",
      "Stale Object Error : You and Emulator User were working on this at the same time. Emulator User finished before you did, so your work was not saved.",
    );
  },
  objectNotFound(entityName: string, id: string): QboFault {
    return new QboFault(
      "610",
      "Object Not Found",
      `Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees. (${entityName} ${id})`,
    );
  },
  deletedObject(): QboFault {
    return new QboFault(
      "610",
      "Object Not Found",
      "Object Not Found : Another user has deleted this transaction.",
    );
  },
  invalidReference(entityName: string, id: string, element: string): QboFault {
    return new QboFault(
      "2500",
      "Invalid Reference Id",
      `Invalid Reference Id : ${entityName} assigned to this transaction has been deleted or does not exist. Supplied value:${id}`,
      { element },
    );
  },
  amountMismatch(amount: number): QboFault {
    return new QboFault(
      "6070",
      "Amount is not equal to UnitPrice * Qty",
      `Amount is not equal to UnitPrice * Qty. Supplied value:${amount}`,
    );
  },
  unbalancedJournal(): QboFault {
    return new QboFault(
      "2300",
      "Journal Entry Must Be Balanced",
      "Journal Entry Must Be Balanced : Your debits and credits must be equal. Check the amounts and try again.",
    );
  },
  duplicateDocNumber(docNumber: string, entityName: string, id: string): QboFault {
    return new QboFault(
      "6140",
      "Duplicate Document Number Error",
      `Duplicate Document Number Error : You must specify a different number. This number has already been used. DocNumber=${docNumber} is assigned to TxnType=${entityName} with TxnId=${id}`,
    );
  },
  depositedTransaction(): QboFault {
    return new QboFault(
      "6540",
      "Deposited Transaction cannot be changed",
      "This transaction has been deposited. If you want to change or delete it, you must edit the deposit it appears on and remove it first.",
    );
  },
  invalidId(value: string): QboFault {
    return new QboFault("2030", "Invalid ID", `Id should be a valid number. Supplied value:${value}`, {
      element: "Id",
    });
  },
  unknownProperty(field: string, entityName: string, known: readonly string[]): QboFault {
    const shown = known.slice(0, 60).map((k) => `"${k}"`).join(", ");
    return new QboFault(
      "2010",
      "Request has invalid or unsupported property",
      `Property Name:Unrecognized field "${field}" (class com.intuit.schema.finance.v3.${entityName}), not marked as ignorable (${known.length} known properties: ${shown}${
        known.length > 60 ? " [truncated]" : ""
      }])\n specified is unsupported or invalid`,
    );
  },
  malformedJson(reason: string): QboFault {
    return new QboFault(
      "2010",
      "Request has invalid or unsupported property",
      `Property Name:Can not deserialize the request body: ${reason} specified is unsupported or invalid`,
    );
  },
  batchTooLarge(size: number): QboFault {
    return new QboFault(
      "1040",
      "Batch size exceeds allowed limit",
      `Batch size exceeds allowed limit. Supplied size:${size}, maximum allowed: 30`,
    );
  },
  unsupportedOperation(relativePath: string): QboFault {
    return new QboFault(
      "500",
      "Unsupported Operation",
      `Operation Could not find resource for relative : ${relativePath} of full path: ${relativePath} is not supported.`,
    );
  },
  linkedTransactions(entityName: string): QboFault {
    return new QboFault(
      "6000",
      "A business validation error has occurred while processing your request",
      `Business Validation Error: This ${entityName.toLowerCase()} has payments or credits linked to it. Unlink them before you delete it.`,
    );
  },
  businessValidation(detail: string): QboFault {
    return new QboFault(
      "6000",
      "A business validation error has occurred while processing your request",
      `Business Validation Error: ${detail}`,
    );
  },
  invalidRequestId(): QboFault {
    return new QboFault(
      "2130",
      "Invalid requestid format",
      "requestid must be at most 50 characters (36 for batch) and contain no spaces",
      { element: "requestid" },
    );
  },
  invalidEnumeration(element: string, value: string): QboFault {
    return new QboFault("2170", "Invalid Enumeration", `Invalid Enumeration : ${value}`, { element });
  },
  invalidNumber(element: string, value: unknown): QboFault {
    return new QboFault("2100", "Invalid Number", `Invalid Number : ${String(value)}`, { element });
  },
  invalidDate(element: string, value: unknown): QboFault {
    return new QboFault("2070", "Invalid Date", `Invalid Date : ${String(value)}`, { element });
  },
  /** Our choice for CDC windows older than 30 days (QBO's exact code is undocumented). */
  cdcWindowTooOld(changedSince: string): QboFault {
    return new QboFault(
      "2070",
      "Invalid Date",
      `changedSince cannot be older than 30 days. Supplied value:${changedSince}`,
      { element: "changedSince" },
    );
  },
  nameNestingTooDeep(): QboFault {
    return new QboFault(
      "6180",
      "Sub-level limit exceeded",
      "You can only nest up to 5 levels of sub-customers, sub-accounts, sub-classes or sub-locations.",
    );
  },
  invalidName(element: string): QboFault {
    return new QboFault(
      "2040",
      "Invalid String",
      `Invalid String : ${element} may not contain a colon (:), tab or newline`,
      { element },
    );
  },
  unknownRealm(realmId: string): QboFault {
    return new QboFault(
      "3100",
      "message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403",
      `No company with realm id ${realmId} is known to this emulator`,
      { type: "AuthorizationFault", httpStatus: 403 },
    );
  },
  invalidAccountType(value: string): QboFault {
    return new QboFault(
      "6010",
      "Invalid account type used",
      `Invalid account type used : AccountType or AccountSubType is missing or not valid. Supplied value:${value}`,
      { element: "AccountType" },
    );
  },
  noNameProvided(): QboFault {
    return new QboFault(
      "6080",
      "No name provided",
      "No name provided : Please provide a Display Name, or one of Title, Given Name, Middle Name, Family Name or Suffix.",
    );
  },
  stringTooLong(element: string, max: number, length: number): QboFault {
    return new QboFault(
      "2050",
      "Invalid String Length",
      `String length is either shorter or longer than supported by specification. Min:0 Max:${max} supplied length:${length}`,
      { element },
    );
  },
  missingPostingType(): QboFault {
    return new QboFault(
      "2260",
      "Missing PostingType",
      "Missing PostingType : Every journal entry line needs a PostingType of Debit or Credit.",
      { element: "PostingType" },
    );
  },
  /** Intuit's error list: 6420 "Email required" (the exact message text is unverified). */
  emailRequired(detail: string): QboFault {
    return new QboFault("6420", "Email Address required", `Business Validation Error: ${detail}`, {
      element: "BillEmail",
    });
  },
  reportNotSupported(name: string): QboFault {
    return new QboFault("5030", "Feature Not Supported", `Report ${name} is not supported by this emulator`);
  },
} as const;
