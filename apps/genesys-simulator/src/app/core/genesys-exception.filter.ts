import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { Response } from 'express';
import { genesysCodeForStatus, genesysErrorBody } from './genesys-errors.util';

function hasNestDefaultShape(body: unknown): body is { message?: unknown } {
  return typeof body === 'object' && body !== null && 'statusCode' in body;
}

/**
 * Answers Nest's own HTTP errors (unknown route, malformed JSON, …) with a Genesys-shaped body.
 * Bodies the simulator built on purpose (Genesys errors, OAuth errors) pass through untouched.
 */
@Catch(HttpException)
export class GenesysExceptionFilter implements ExceptionFilter<HttpException> {
  catch(exception: HttpException, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const status = exception.getStatus();
    const body = exception.getResponse();
    if (!hasNestDefaultShape(body)) {
      response
        .status(status)
        .json(typeof body === 'string' ? genesysErrorBody(status, genesysCodeForStatus(status), body) : body);
      return;
    }
    const message = Array.isArray(body.message)
      ? body.message.join('; ')
      : String(body.message ?? exception.message);
    response.status(status).json(genesysErrorBody(status, genesysCodeForStatus(status), message));
  }
}
