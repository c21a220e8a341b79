import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ConsumerRegistry, PermanentError } from '@switchboard/backend-util-messaging';
import {
  PIPELINE_MESSAGE_TYPES,
  QUEUES,
  genesysCorrelationSchema,
  type Envelope,
  type GenesysCorrelation,
} from '@switchboard/shared-contracts';
import { z } from 'zod';
import { STATE_MANAGER_CONFIG, type StateManagerConfig } from '../config/state-manager.config';
import { CorrelationService } from './correlation.service';

const tenantIdSchema = z.uuid();

/**
 * Consumes genesys-api-service's correlations. Not ordered: the customer lock, the row locks and
 * the unique indexes make concurrent correlations of one customer safe, and each is idempotent
 * under redelivery. An invalid payload is dead-lettered by the consumer with the reason.
 */
@Injectable()
export class CorrelationConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: ConsumerRegistry,
    private readonly correlations: CorrelationService,
    @Inject(STATE_MANAGER_CONFIG) private readonly config: StateManagerConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.start({
      queue: QUEUES.GENESYS_CORRELATION,
      payloadSchema: genesysCorrelationSchema,
      concurrency: this.config.CORRELATION_CONCURRENCY,
      handler: (envelope) => this.handle(envelope),
    });
  }

  async handle(envelope: Envelope<GenesysCorrelation>): Promise<void> {
    if (envelope.type !== PIPELINE_MESSAGE_TYPES.GENESYS_CORRELATION) {
      throw new PermanentError(
        `envelope type ${envelope.type} on ${QUEUES.GENESYS_CORRELATION}: expected ${PIPELINE_MESSAGE_TYPES.GENESYS_CORRELATION}`,
      );
    }
    if (!tenantIdSchema.safeParse(envelope.tenantId).success) {
      throw new PermanentError(`tenantId "${envelope.tenantId.slice(0, 64)}" is not a UUID`);
    }
    await this.correlations.apply(envelope.tenantId, envelope.payload);
  }
}
