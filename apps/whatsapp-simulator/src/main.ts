import { bootstrapHttpService } from '@switchboard/backend-util-observability';
import { AppModule } from './app/app.module';
import { SERVICE_NAME, loadWhatsAppSimulatorConfig } from './app/config/whatsapp-simulator.config';

void bootstrapHttpService(SERVICE_NAME, () => {
  const config = loadWhatsAppSimulatorConfig();
  return { rootModule: AppModule.forRoot(config), port: config.PORT };
});
