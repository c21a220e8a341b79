import { bootstrapHttpService } from '@switchboard/backend-util-observability';
import { AppModule } from './app/app.module';
import { loadGenesysSimulatorConfig } from './app/config/genesys-simulator.config';

void bootstrapHttpService('genesys-simulator', () => {
  const config = loadGenesysSimulatorConfig();
  return { rootModule: AppModule.forRoot(config), port: config.port };
});
