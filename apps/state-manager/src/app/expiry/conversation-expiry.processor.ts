import { OnQueueError, OnQueueFailed, Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { describeError } from '../common/errors.util';
import { ThrottledWarning } from '../common/throttled-warning.util';
import { CONVERSATION_EXPIRY_QUEUE, EXPIRE_IDLE_CONVERSATIONS_JOB } from './conversation-expiry.constants';
import { ConversationExpiryService } from './conversation-expiry.service';

/** Runs the repeatable expiry job (one replica at a time: Bull hands each run to one worker). */
@Processor(CONVERSATION_EXPIRY_QUEUE)
export class ConversationExpiryProcessor {
  private readonly logger = new Logger(ConversationExpiryProcessor.name);
  private readonly outage = new ThrottledWarning(this.logger);

  constructor(private readonly expiry: ConversationExpiryService) {}

  @Process(EXPIRE_IDLE_CONVERSATIONS_JOB)
  async expireIdle(): Promise<{ expired: number }> {
    return { expired: await this.expiry.expireIdle() };
  }

  @OnQueueFailed()
  onFailed(job: Job, error: Error): void {
    this.logger.warn(`${job.name} failed (the next run tries again): ${describeError(error)}`);
  }

  /** Redis connection errors of the queue (without a listener they would crash the process). */
  @OnQueueError()
  onError(error: Error): void {
    this.outage.warn('expiry queue unavailable', error);
  }
}
