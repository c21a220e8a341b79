import type { GenesysReceiptReasonCode } from './genesys/genesys.constants';

/**
 * WhatsApp error code → reason code of the Failed receipt we send to Genesys (spec B4, "Mapping").
 * 131053 could also be InvalidMediaContentLength; the code alone does not say which, so the type is assumed.
 */
export const WHATSAPP_ERROR_TO_GENESYS_REASON: Readonly<Record<number, GenesysReceiptReasonCode>> = {
  131047: 'MessageExpired',
  // Legacy On-Premises code for the same 24 h rule.
  470: 'MessageExpired',
  130429: 'RateLimited',
  131056: 'RateLimited',
  131048: 'RateLimited',
  131026: 'InvalidDestination',
  131050: 'RecipientOptedOut',
  131053: 'MediaTypeNotAllowed',
  // A send we built wrongly (a missing or invalid parameter): the message's structure.
  131008: 'InvalidMessageStructure',
  131009: 'InvalidMessageStructure',
};

/** Reason code for a failed WhatsApp send; `GeneralError` for any other (or a missing) code. */
export function genesysReasonForWhatsAppError(code: number | undefined): GenesysReceiptReasonCode {
  return (code === undefined ? undefined : WHATSAPP_ERROR_TO_GENESYS_REASON[code]) ?? 'GeneralError';
}
