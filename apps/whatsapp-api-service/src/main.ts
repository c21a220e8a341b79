import { bootstrapHttpService } from '@switchboard/backend-util-observability';
import { SERVICE_NAME, loadWhatsAppApiServiceConfig } from './app/config/whatsapp-api-service.config';
import { whatsAppApiServiceHttpOptions } from './app/whatsapp-api-service.bootstrap';

void bootstrapHttpService(SERVICE_NAME, () => whatsAppApiServiceHttpOptions(loadWhatsAppApiServiceConfig()));
