import { HttpException } from '@nestjs/common';
import {
  GraphErrorBody,
  GraphErrorOverrides,
  graphErrorBody,
  graphErrorDefinition,
} from './graph-error.catalog';

/** A Graph API error answered with Meta's body shape. */
export class GraphApiException extends HttpException {
  constructor(
    readonly body: GraphErrorBody,
    status: number,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(body, status);
  }

  static of(
    code: number,
    overrides: GraphErrorOverrides & { httpStatus?: number; headers?: Record<string, string> } = {},
  ): GraphApiException {
    return new GraphApiException(
      graphErrorBody(code, overrides),
      overrides.httpStatus ?? graphErrorDefinition(code).httpStatus,
      overrides.headers,
    );
  }

  /** 131008: a required parameter is missing. */
  static missing(field: string): GraphApiException {
    return GraphApiException.of(131008, { details: `Parameter '${field}' is required.` });
  }

  /** 131009: a parameter has an invalid value. */
  static invalid(field: string, reason: string): GraphApiException {
    return GraphApiException.of(131009, { details: `Parameter '${field}' ${reason}.` });
  }

  /** What Graph answers for an id it does not know or the token may not see. */
  static unknownObject(id: string, method: 'get' | 'post' | 'delete'): GraphApiException {
    return GraphApiException.of(100, {
      type: 'GraphMethodException',
      subcode: 33,
      message: `Unsupported ${method} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
    });
  }

  static unauthorized(message: string, subcode?: number): GraphApiException {
    return GraphApiException.of(190, { message, subcode });
  }
}

/** A plain HTTP failure without a Graph body, as a proxy or load balancer in front of Graph would answer. */
export class PlainHttpFaultException extends HttpException {
  constructor(
    status: number,
    readonly text: string,
  ) {
    super(text, status);
  }
}

/** Tells the Graph exception filter to drop the connection without answering. */
export class DropConnectionException extends HttpException {
  constructor() {
    super('connection dropped', 499);
  }
}
