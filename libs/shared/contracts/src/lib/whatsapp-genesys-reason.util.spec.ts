import type { GenesysReceiptReasonCode } from './genesys/genesys.constants';
import { genesysReasonForWhatsAppError } from './whatsapp-genesys-reason.util';

describe(genesysReasonForWhatsAppError.name, () => {
  const sut = genesysReasonForWhatsAppError;

  it.each<[number, GenesysReceiptReasonCode]>([
    [131047, 'MessageExpired'],
    [470, 'MessageExpired'],
    [130429, 'RateLimited'],
    [131056, 'RateLimited'],
    [131048, 'RateLimited'],
    [131026, 'InvalidDestination'],
    [131050, 'RecipientOptedOut'],
    [131053, 'MediaTypeNotAllowed'],
    [131008, 'InvalidMessageStructure'],
    [131009, 'InvalidMessageStructure'],
    [131000, 'GeneralError'],
    [190, 'GeneralError'],
  ])('maps WhatsApp error %i to %s', (code, reason) => {
    expect(sut(code)).toBe(reason);
  });

  it('reports a failure without error code as GeneralError', () => {
    expect(sut(undefined)).toBe('GeneralError');
  });
});
