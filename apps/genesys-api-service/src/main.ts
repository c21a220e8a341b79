import { bootstrapHttpService } from '@switchboard/backend-util-observability';
import { genesysApiServiceHttpOptions } from './app/genesys-api-service.bootstrap';
import { SERVICE_NAME, loadGenesysApiServiceConfig } from './app/config/genesys-api-service.config';

void bootstrapHttpService(SERVICE_NAME, () => genesysApiServiceHttpOptions(loadGenesysApiServiceConfig()));
