import { validateGenesysInboundMessage, validateWhatsAppInboundMessage } from '@switchboard/shared-contracts';
import { sampleItem } from '../../testing/samples.util';
import {
  buildGenesysInboundMessage,
  customerProfileName,
  whatsAppTimeToIso,
} from './genesys-inbound-message.builder';
import { mapInboundMessage } from './inbound-message.mapper';

describe(buildGenesysInboundMessage.name, () => {
  const sample = sampleItem('wa-inbound-text');
  const validated = validateWhatsAppInboundMessage(sample.item);
  if (!validated.ok) throw new Error('invalid sample');
  const message = validated.value;

  it('presents the customer by wa_id (Opaque) and profile name, with the wamid and WhatsApp time', () => {
    const sut = buildGenesysInboundMessage({
      message,
      event: { phoneNumberId: sample.phoneNumberId, displayPhoneNumber: sample.displayPhoneNumber },
      mapped: mapInboundMessage(message),
      customerName: customerProfileName(sample),
    });

    expect(sut).toEqual({
      channel: {
        messageId: 'wamid.FAKEIN0001',
        from: { id: '15551234567', idType: 'Opaque', nickname: 'Jane Example' },
        time: '2026-01-01T00:00:00.000Z',
        metadata: {
          customAttributes: {
            whatsappMessageType: 'text',
            phoneNumberId: '109876543210987',
            displayPhoneNumber: '15550100200',
          },
        },
      },
      text: 'Hi, I need help with my order',
    });
    expect(validateGenesysInboundMessage(sut).ok).toBe(true);
  });

  it('leaves the nickname out without a profile name and takes the display number from the tenant', () => {
    const sut = buildGenesysInboundMessage({
      message,
      event: { phoneNumberId: sample.phoneNumberId },
      mapped: mapInboundMessage(message),
      customerName: customerProfileName({ contact: { wa_id: '15551234567' } }),
      displayPhoneNumber: '15550100999',
    });

    expect(sut.channel.from).toEqual({ id: '15551234567', idType: 'Opaque' });
    expect(sut.channel.metadata?.customAttributes?.['displayPhoneNumber']).toBe('15550100999');
  });
});

describe(whatsAppTimeToIso.name, () => {
  it('reads Unix seconds sent as a string', () => {
    expect(whatsAppTimeToIso('1767225600')).toBe('2026-01-01T00:00:00.000Z');
  });
});
