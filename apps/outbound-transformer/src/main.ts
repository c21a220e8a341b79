import { bootstrapHttpService } from '@switchboard/backend-util-observability';
import { SERVICE_NAME, loadOutboundTransformerConfig } from './app/config/outbound-transformer.config';
import { outboundTransformerHttpOptions } from './app/outbound-transformer.bootstrap';

void bootstrapHttpService(SERVICE_NAME, () =>
  outboundTransformerHttpOptions(loadOutboundTransformerConfig()),
);
