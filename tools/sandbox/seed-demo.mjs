// Creates the sandbox's demo tenant through the gateway, as an operator would: the tenant, its
// WhatsApp number (Embedded Signup against the WhatsApp simulator), its Genesys Open Messaging
// integration (against the Genesys simulator) and a tenant-admin. Does nothing when it exists.
const GATEWAY = 'http://127.0.0.1:3000/api';
const WHATSAPP_SIMULATOR = 'http://127.0.0.1:3100';
export const DEMO = {
  tenantName: 'Demo Tenant',
  region: 'eu-west-1',
  phoneNumberId: '109876543210987',
  wabaId: '100200300400500',
  displayNumber: '15550100200',
  pin: '123456',
  genesysClientId: 'sandbox-genesys-client',
};

async function call(method, url, { token, body } = {}) {
  const response = await fetch(url, {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(`${method} ${url.replace(/\?.*/, '')}: HTTP ${response.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

function onboardGenesys(token, tenantId, numberId, secrets) {
  return call('POST', `${GATEWAY}/tenants/${tenantId}/onboarding/genesys`, {
    token,
    body: {
      numberId,
      region: DEMO.region,
      clientId: DEMO.genesysClientId,
      clientSecret: secrets.genesysClientSecret,
    },
  });
}

export async function seedDemoTenant(secrets) {
  const { accessToken: token } = await call('POST', `${GATEWAY}/auth/login`, {
    body: { email: secrets.adminEmail, password: secrets.adminPassword },
  });
  const tenants = await call('GET', `${GATEWAY}/tenants?limit=200`, { token });
  const list = Array.isArray(tenants) ? tenants : (tenants.items ?? tenants.data ?? []);
  const existing = list.find((tenant) => tenant.name === DEMO.tenantName);
  if (existing) {
    // The simulators keep no state across restarts: onboarding Genesys again re-creates the
    // integration there (tenant-service replaces one that Genesys no longer knows).
    const numbers = await call('GET', `${GATEWAY}/tenants/${existing.id}/phone-numbers`, { token });
    const numberList = Array.isArray(numbers) ? numbers : (numbers.items ?? numbers.data ?? []);
    const number = numberList.find((candidate) => candidate.phoneNumberId === DEMO.phoneNumberId);
    if (number) await onboardGenesys(token, existing.id, number.id, secrets);
    return { tenantId: existing.id, created: false };
  }

  const tenant = await call('POST', `${GATEWAY}/tenants`, {
    token,
    body: { name: DEMO.tenantName, genesysRegion: DEMO.region },
  });
  const { code } = await call('POST', `${WHATSAPP_SIMULATOR}/control/signup-codes`, {
    body: {
      phoneNumberId: DEMO.phoneNumberId,
      wabaId: DEMO.wabaId,
      displayPhoneNumber: DEMO.displayNumber,
      // The simulator is seeded with this token at every start, so it stays valid across restarts.
      accessToken: secrets.whatsappAccessToken,
    },
  });
  const number = await call('POST', `${GATEWAY}/tenants/${tenant.id}/onboarding/whatsapp`, {
    token,
    body: { code, phoneNumberId: DEMO.phoneNumberId, wabaId: DEMO.wabaId, pin: DEMO.pin },
  });
  const numberId = number.id ?? number.numberId ?? number.phoneNumber?.id;
  await call('POST', `${GATEWAY}/tenants/${tenant.id}/onboarding/genesys`, {
    token,
    body: {
      numberId,
      region: DEMO.region,
      clientId: DEMO.genesysClientId,
      clientSecret: secrets.genesysClientSecret,
    },
  });
  await call('POST', `${GATEWAY}/auth/users`, {
    token,
    body: {
      email: secrets.demoAdminEmail,
      password: secrets.demoAdminPassword,
      role: 'tenant-admin',
      tenantId: tenant.id,
      displayName: 'Demo tenant admin',
    },
  });
  return { tenantId: tenant.id, created: true };
}
