import { bootstrapHttpService } from '@switchboard/backend-util-observability';
import { SERVICE_NAME, loadApiGatewayConfig } from './app/config/api-gateway.config';
import { gatewayServiceOptions } from './app/gateway-service.options';

void bootstrapHttpService(SERVICE_NAME, () => gatewayServiceOptions(loadApiGatewayConfig()));
