import { classifyError } from '@switchboard/backend-util-messaging';
import {
  messageDelivery,
  receiptDelivery,
  typingDelivery,
  type Customer,
} from '../../testing/deliveries.fixture';
import { UndeliverableError } from '../genesys/genesys.errors';
import { checkDeliveryBody } from './delivery-body.util';

const CUSTOMER: Customer = {
  integrationId: '5f2b6c1e-8d3a-4b7e-9c1d-2a3b4c5d6e7f',
  phoneNumberId: '109876543210987',
  customerWaId: '15551234567',
};

describe(checkDeliveryBody.name, () => {
  it('accepts a message, a receipt and a typing event of the delivery’s customer', () => {
    expect(() => checkDeliveryBody(messageDelivery(CUSTOMER, 'Hi'))).not.toThrow();
    expect(() => checkDeliveryBody(receiptDelivery(CUSTOMER, 'a1b2c3', 'Failed'))).not.toThrow();
    expect(() => checkDeliveryBody(typingDelivery(CUSTOMER))).not.toThrow();
  });

  it('accepts the customer’s number written as E.164 (idType Phone)', () => {
    const delivery = messageDelivery(CUSTOMER, 'Hi');
    const body = delivery.body as { channel: { from: { id: string; idType: string } } };
    body.channel.from = { id: '+15551234567', idType: 'Phone' };

    expect(() => checkDeliveryBody(delivery)).not.toThrow();
  });

  it('refuses for good a message without text or content, naming the problem', () => {
    const delivery = messageDelivery(CUSTOMER, 'Hi');
    delete (delivery.body as { text?: string }).text;

    const act = () => checkDeliveryBody(delivery);

    expect(act).toThrow(UndeliverableError);
    expect(act).toThrow(/^invalid Genesys message body: /);
  });

  it('refuses a body that speaks of another customer than the one the delivery is ordered by', () => {
    const delivery = { ...messageDelivery(CUSTOMER, 'Hi'), customerWaId: '15550000000' };

    expect(() => checkDeliveryBody(delivery)).toThrow(
      'invalid Genesys message body: channel.from.id "15551234567" is not the delivery\'s customerWaId "15550000000"',
    );
  });

  it('refuses a receipt about another message than the delivery’s', () => {
    const delivery = {
      ...receiptDelivery(CUSTOMER, 'genesys-message-1'),
      genesysMessageId: 'genesys-message-2',
    };

    expect(() => checkDeliveryBody(delivery)).toThrow(
      /id "genesys-message-1" is not the delivery's genesysMessageId/,
    );
  });

  it('refuses a Read receipt, which Genesys does not accept (spec B4), as a permanent failure', () => {
    const delivery = receiptDelivery(CUSTOMER, 'genesys-message-1');
    (delivery.body as { status: string }).status = 'Read';

    const error = (() => {
      try {
        checkDeliveryBody(delivery);
        return undefined;
      } catch (failure) {
        return failure;
      }
    })();

    expect((error as Error).message).toMatch(/^invalid Genesys receipt body: status: /);
    expect(classifyError(error).kind).toBe('permanent');
  });

  it('refuses a typing event without events', () => {
    const delivery = typingDelivery(CUSTOMER);
    (delivery.body as { events: unknown[] }).events = [];

    expect(() => checkDeliveryBody(delivery)).toThrow(/^invalid Genesys typing event body: events: /);
  });
});
