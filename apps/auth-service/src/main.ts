import { bootstrapHttpService } from '@switchboard/backend-util-observability';
import { AppModule } from './app/app.module';
import { loadAuthServiceConfig, SERVICE_NAME } from './app/config/auth-service.config';
import { configureAuthService } from './app/configure-app.util';

void bootstrapHttpService(SERVICE_NAME, () => {
  const config = loadAuthServiceConfig();
  return {
    rootModule: AppModule.forRoot(config),
    port: config.PORT,
    configure: (app) => configureAuthService(app, config),
  };
});
