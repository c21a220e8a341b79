import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bull';
import { describeError } from '../common/errors.util';
import { STATE_MANAGER_CONFIG, type StateManagerConfig } from '../config/state-manager.config';
import { CONVERSATION_EXPIRY_QUEUE, EXPIRE_IDLE_CONVERSATIONS_JOB } from './conversation-expiry.constants';

/**
 * Registers the repeatable expiry job every CONVERSATION_EXPIRY_INTERVAL_SECONDS. Every replica
 * does; Bull keeps one schedule per name and interval. A schedule left by an earlier interval
 * setting is removed. Done in the background: while Redis is down the service starts anyway and
 * the schedule is written once Redis is back.
 */
@Injectable()
export class ConversationExpiryScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(ConversationExpiryScheduler.name);

  constructor(
    @InjectQueue(CONVERSATION_EXPIRY_QUEUE) private readonly queue: Queue,
    @Inject(STATE_MANAGER_CONFIG) private readonly config: StateManagerConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule().catch((error: unknown) =>
      this.logger.error(`expiry job not scheduled: ${describeError(error)}`),
    );
  }

  async schedule(): Promise<void> {
    const every = this.config.CONVERSATION_EXPIRY_INTERVAL_SECONDS * 1000;
    for (const job of await this.queue.getRepeatableJobs()) {
      if (job.name === EXPIRE_IDLE_CONVERSATIONS_JOB && job.every !== every) {
        await this.queue.removeRepeatableByKey(job.key);
      }
    }
    await this.queue.add(
      EXPIRE_IDLE_CONVERSATIONS_JOB,
      {},
      { repeat: { every }, jobId: EXPIRE_IDLE_CONVERSATIONS_JOB, removeOnComplete: 100, removeOnFail: 100 },
    );
  }
}
