import { bootstrapHttpService } from '@switchboard/backend-util-observability';
import { SERVICE_NAME, loadTenantServiceConfig } from './app/config/tenant-service.config';
import { tenantServiceHttpOptions } from './app/tenant-service.bootstrap';

void bootstrapHttpService(SERVICE_NAME, () => tenantServiceHttpOptions(loadTenantServiceConfig()));
