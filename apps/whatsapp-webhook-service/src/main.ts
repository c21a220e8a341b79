import { bootstrapHttpService } from '@switchboard/backend-util-observability';
import { SERVICE_NAME, loadWhatsAppWebhookConfig } from './app/config/whatsapp-webhook.config';
import { whatsAppWebhookServiceHttpOptions } from './app/whatsapp-webhook-service.bootstrap';

void bootstrapHttpService(SERVICE_NAME, () => whatsAppWebhookServiceHttpOptions(loadWhatsAppWebhookConfig()));
