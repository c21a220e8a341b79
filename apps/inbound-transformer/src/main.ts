import { bootstrapHttpService } from '@switchboard/backend-util-observability';
import { SERVICE_NAME, loadInboundTransformerConfig } from './app/config/inbound-transformer.config';
import { inboundTransformerHttpOptions } from './app/inbound-transformer.bootstrap';

void bootstrapHttpService(SERVICE_NAME, () => inboundTransformerHttpOptions(loadInboundTransformerConfig()));
