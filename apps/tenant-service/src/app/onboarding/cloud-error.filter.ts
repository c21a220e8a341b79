import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { CloudRequestError, type CloudFailureKind } from './cloud-request.error';

const STATUS: Record<CloudFailureKind, number> = {
  refused: 422,
  unavailable: 502,
  'invalid-response': 502,
  'rate-limited': 503,
};

/** Answers a failed cloud call with 422 / 502 / 503 and a message naming the cloud and the step. */
@Catch(CloudRequestError)
export class CloudErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(CloudErrorFilter.name);

  catch(error: CloudRequestError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const status = STATUS[error.kind];
    this.logger.warn(`onboarding: ${error.message}`);
    if (error.retryAfterSeconds !== undefined)
      response.setHeader('Retry-After', String(error.retryAfterSeconds));
    response.status(status).json({
      statusCode: status,
      error: error.kind,
      message: error.message,
      cloud: error.cloud,
      step: error.step,
    });
  }
}
