import {
  formatValidationErrors,
  validateGenesysInboundMessage,
  validateGenesysInboundTypingEvent,
  validateGenesysReceipt,
  type GenesysDelivery,
  type ValidationResult,
} from '@switchboard/shared-contracts';
import { UndeliverableError } from '../genesys/genesys.errors';

/**
 * Checks the body of a delivery before anything is sent: the Open Messaging schema of its kind
 * (spec B2, B4), and that it speaks of the customer (and message) the delivery is routed and
 * ordered by. Throws UndeliverableError (dead-lettered with the reason) when it does not.
 */
export function checkDeliveryBody(delivery: GenesysDelivery): void {
  const mismatches: string[] = [];
  const expectSame = (field: string, actual: string | undefined, expected: string, label: string) => {
    if (actual !== undefined && withoutPlus(actual) !== withoutPlus(expected)) {
      mismatches.push(`${field} "${actual}" is not the delivery's ${label} "${expected}"`);
    }
  };
  switch (delivery.kind) {
    case 'message': {
      const body = validated('message', validateGenesysInboundMessage(delivery.body));
      expectSame('channel.from.id', body.channel.from.id, delivery.customerWaId, 'customerWaId');
      expectSame(
        'channel.messageId',
        body.channel.messageId,
        delivery.whatsappMessageId,
        'whatsappMessageId',
      );
      break;
    }
    case 'receipt': {
      const body = validated('receipt', validateGenesysReceipt(delivery.body));
      expectSame('channel.to.id', body.channel.to.id, delivery.customerWaId, 'customerWaId');
      expectSame('id', body.id, delivery.genesysMessageId, 'genesysMessageId');
      break;
    }
    case 'typing': {
      const body = validated('typing event', validateGenesysInboundTypingEvent(delivery.body));
      expectSame('channel.from.id', body.channel.from.id, delivery.customerWaId, 'customerWaId');
      break;
    }
  }
  if (mismatches.length > 0) {
    throw new UndeliverableError(`invalid Genesys ${delivery.kind} body: ${mismatches.join('; ')}`);
  }
}

/** A wa_id has no "+"; the same number sent with idType Phone (E.164) has one. */
function withoutPlus(id: string): string {
  return id.startsWith('+') ? id.slice(1) : id;
}

function validated<T>(what: string, result: ValidationResult<T>): T {
  if (result.ok) return result.value;
  throw new UndeliverableError(
    `invalid Genesys ${what} body: ${formatValidationErrors(result.errors).replace(/\n/g, '; ')}`,
  );
}
