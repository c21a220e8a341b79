import type { INestApplication } from '@nestjs/common';
import { REFRESH_COOKIE, publishOpenApi } from '@switchboard/backend-util-auth';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import type { AuthServiceConfig } from './config/auth-service.config';

/** What `configure` does to the app (shared by main.ts and the tests). */
export function configureAuthService(app: INestApplication, config: AuthServiceConfig): void {
  const express = app.getHttpAdapter().getInstance() as { set(setting: string, value: unknown): void };
  express.set('trust proxy', trustProxySetting(config.TRUST_PROXY));
  app.use(helmet());
  app.use(cookieParser());
  const document = publishOpenApi(
    app,
    'auth-service',
    'Platform users and sessions, service credentials and tokens, and the token broker for the clouds. ' +
      'Every route needs credentials: an access token, a service token, service client credentials ' +
      '(HTTP Basic) or, for refresh and logout, the refresh token cookie.',
  );
  document.components ??= {};
  document.components.securitySchemes = {
    ...document.components.securitySchemes,
    'service-client': {
      type: 'http',
      scheme: 'basic',
      description: 'serviceName:secret (SERVICE_CLIENT_SECRETS)',
    },
    [REFRESH_COOKIE]: { type: 'apiKey', in: 'cookie', name: REFRESH_COOKIE },
  };
}

/** TRUST_PROXY as Express takes it: a hop count, true/false, or a list of addresses/ranges. */
export function trustProxySetting(value: string): boolean | number | string[] {
  if (/^\d+$/.test(value)) return Number(value);
  if (value === 'true' || value === 'false') return value === 'true';
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}
