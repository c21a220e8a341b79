import { bootstrapHttpService } from '@switchboard/backend-util-observability';
import { SERVICE_NAME, loadStateManagerConfig } from './app/config/state-manager.config';
import { stateManagerHttpOptions } from './app/state-manager.bootstrap';

void bootstrapHttpService(SERVICE_NAME, () => stateManagerHttpOptions(loadStateManagerConfig()));
