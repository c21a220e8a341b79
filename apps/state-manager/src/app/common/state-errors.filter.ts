import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response as ExpressResponse } from 'express';
import { CustomerLockBusyError } from '../locking/customer-lock.service';
import { StateConflictError } from './state-errors';

/**
 * The domain errors as HTTP answers: a conflict with stored state is 409 (the caller's request
 * cannot succeed as sent); a busy customer lock is 503 with Retry-After (try again shortly).
 */
@Catch(StateConflictError, CustomerLockBusyError)
export class StateErrorsFilter implements ExceptionFilter {
  catch(error: StateConflictError | CustomerLockBusyError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<ExpressResponse>();
    if (error instanceof CustomerLockBusyError) {
      response
        .status(HttpStatus.SERVICE_UNAVAILABLE)
        .setHeader('Retry-After', String(Math.ceil(error.delayMs / 1000)))
        .json({ statusCode: 503, error: 'Service Unavailable', message: error.message });
      return;
    }
    response.status(HttpStatus.CONFLICT).json({ statusCode: 409, error: 'Conflict', message: error.message });
  }
}
