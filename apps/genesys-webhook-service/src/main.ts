import { bootstrapHttpService } from '@switchboard/backend-util-observability';
import { SERVICE_NAME, loadGenesysWebhookConfig } from './app/config/genesys-webhook.config';
import { genesysWebhookServiceHttpOptions } from './app/genesys-webhook-service.bootstrap';

void bootstrapHttpService(SERVICE_NAME, () => genesysWebhookServiceHttpOptions(loadGenesysWebhookConfig()));
