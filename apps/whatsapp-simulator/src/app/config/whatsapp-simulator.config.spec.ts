import { ConfigValidationError } from '@switchboard/backend-util-config';
import { loadWhatsAppSimulatorConfig, parseSeedPhoneNumbers } from './whatsapp-simulator.config';

describe(loadWhatsAppSimulatorConfig.name, () => {
  it('starts with sandbox defaults outside production', () => {
    const sut = loadWhatsAppSimulatorConfig({});

    expect(sut).toMatchObject({
      PORT: 3100,
      PUBLIC_BASE_URL: 'http://127.0.0.1:3100',
      WEBHOOK_URL: 'http://127.0.0.1:3001/webhooks/whatsapp',
      GRAPH_API_VERSION: 'v25.0',
      AUTO_STATUS_ENABLED: true,
      AUTO_STATUS_SEQUENCE: ['sent', 'delivered', 'read'],
      MEDIA_URL_TTL_SECONDS: 300,
      SEED_PHONE_NUMBERS: [
        {
          phoneNumberId: '109876543210987',
          accessToken: 'sandbox-whatsapp-access-token',
          displayPhoneNumber: '15550100200',
        },
      ],
    });
  });

  it('refuses to start in production, since it is a test double', () => {
    expect(() => loadWhatsAppSimulatorConfig({ NODE_ENV: 'production' })).toThrow(ConfigValidationError);
    expect(() => loadWhatsAppSimulatorConfig({ NODE_ENV: 'production' })).toThrow(
      /refuses to start in production/,
    );
  });

  it('names an invalid variable', () => {
    expect(() => loadWhatsAppSimulatorConfig({ GRAPH_API_VERSION: '25' })).toThrow(
      /GRAPH_API_VERSION: must look like v25\.0/,
    );
    expect(() => loadWhatsAppSimulatorConfig({ AUTO_STATUS_SEQUENCE: 'sent,seen' })).toThrow(
      /AUTO_STATUS_SEQUENCE/,
    );
    expect(() => loadWhatsAppSimulatorConfig({ SEED_PHONE_NUMBERS: 'abc:token' })).toThrow(
      /SEED_PHONE_NUMBERS: must be/,
    );
  });
});

describe(parseSeedPhoneNumbers.name, () => {
  it('reads the compact form with and without display numbers', () => {
    const sut = parseSeedPhoneNumbers('111:token-a:15550001111, 222:token-b');

    expect(sut).toEqual([
      { phoneNumberId: '111', accessToken: 'token-a', displayPhoneNumber: '15550001111' },
      { phoneNumberId: '222', accessToken: 'token-b' },
    ]);
  });

  it('reads the JSON form with per-number webhook settings', () => {
    const sut = parseSeedPhoneNumbers(
      JSON.stringify([
        {
          phoneNumberId: '333',
          accessToken: 't',
          wabaId: '44',
          webhookUrl: 'http://127.0.0.1:9/hook',
          appSecret: 's',
        },
      ]),
    );

    expect(sut).toEqual([
      {
        phoneNumberId: '333',
        accessToken: 't',
        wabaId: '44',
        webhookUrl: 'http://127.0.0.1:9/hook',
        appSecret: 's',
      },
    ]);
  });

  it('refuses an entry without a token', () => {
    expect(() => parseSeedPhoneNumbers('333')).toThrow();
  });
});
