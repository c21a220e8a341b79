import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DropConnectionException, GraphApiException, PlainHttpFaultException } from './graph-api.exception';

/** Answers every failure of a Graph route the way Graph does: a JSON `{error:{…}}` body. */
@Catch()
export class GraphExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(GraphExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof DropConnectionException) {
      response.socket?.destroy();
      return;
    }
    if (exception instanceof PlainHttpFaultException) {
      response.status(exception.getStatus()).type('text/plain').send(exception.text);
      return;
    }
    const graphError = this.toGraphError(exception);
    for (const [name, value] of Object.entries(graphError.headers)) response.setHeader(name, value);
    response.status(graphError.getStatus()).json(graphError.body);
  }

  private toGraphError(exception: unknown): GraphApiException {
    if (exception instanceof GraphApiException) return exception;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === HttpStatus.PAYLOAD_TOO_LARGE) {
        return GraphApiException.of(131053, {
          details: 'The uploaded file is larger than this simulator accepts.',
        });
      }
      if (status === HttpStatus.NOT_FOUND)
        return GraphApiException.of(100, { httpStatus: 404, details: exception.message });
      if (status < 500) return GraphApiException.of(100, { httpStatus: status, details: exception.message });
    } else {
      this.logger.error(
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
      );
    }
    return GraphApiException.of(1, {
      httpStatus: 500,
      message: 'An unknown error occurred',
      details: 'An unknown error occurred',
    });
  }
}
