import { DocumentBuilder, type OpenAPIObject } from '@nestjs/swagger';
import { API_KEY_HEADER } from '@switchboard/backend-util-auth';
import type { ConfiguredUpstream } from '../config/api-gateway.config';
import { API_PREFIX, DOCS_SEGMENT, GATEWAY_SERVICE_NAME } from '../routing/upstream-routes.constants';

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;

const ERROR = { $ref: '#/components/schemas/GatewayError' };

function errorResponse(
  description: string,
  headers?: Record<string, { description: string; schema: { type: 'integer' } }>,
) {
  return { description, headers, content: { 'application/json': { schema: ERROR } } };
}

const RETRY_AFTER = {
  'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' as const } },
};

const EDGE_RESPONSES = {
  '400': errorResponse('Path the gateway refuses to interpret (dot segments, encoded slashes)'),
  '401': errorResponse('Missing or invalid credentials'),
  '403': errorResponse('Service tokens are not accepted at the gateway'),
  '404': errorResponse('No such route, or an internal route of a service'),
  '413': errorResponse('Request body larger than MAX_REQUEST_BYTES'),
  '429': errorResponse('Rate limit per client address or per tenant exceeded', RETRY_AFTER),
  '502': errorResponse('The service broke the connection'),
  '503': errorResponse('The service is unreachable or its circuit breaker is open', RETRY_AFTER),
  '504': errorResponse('The service did not answer within UPSTREAM_TIMEOUT_MS'),
};

const AUTHENTICATED: Array<Record<string, string[]>> = [{ bearer: [] }, { 'api-key': [] }];

function proxyOperation(upstream: ConfiguredUpstream, method: string): Operation {
  const publicNote = upstream.publicRoutes.length
    ? ` Without credentials: ${upstream.publicRoutes.map((route) => `${route.method} ${API_PREFIX}/${upstream.route}${route.path}`).join(', ')}.`
    : '';
  return {
    tags: ['proxy'],
    summary: `${method.toUpperCase()} on ${upstream.service}`,
    description:
      `Forwarded to ${upstream.service} as ${upstream.pathPrefix}/{path}, body and answer streamed unchanged. ` +
      `The service's own document lists its operations (${API_PREFIX}/${DOCS_SEGMENT}/${upstream.service}.json).${publicNote}`,
    parameters: [
      {
        name: 'path',
        in: 'path',
        required: true,
        schema: { type: 'string' },
        description: 'The rest of the path',
      },
    ],
    security: AUTHENTICATED,
    responses: { default: { description: `The answer of ${upstream.service}` }, ...EDGE_RESPONSES },
  };
}

/** The gateway's own routes: the proxy per service, the documentation, the error shape. */
export function gatewayOpenApiDocument(upstreams: readonly ConfiguredUpstream[]): OpenAPIObject {
  const base = new DocumentBuilder()
    .setTitle(GATEWAY_SERVICE_NAME)
    .setDescription(
      'The single entry of the browser apps and the public API: authentication, rate limits, CORS, ' +
        'security headers and size limits at the edge; requests forwarded to the services unchanged.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: API_KEY_HEADER }, 'api-key')
    .build();
  const paths: OpenAPIObject['paths'] = {};
  for (const upstream of upstreams) {
    paths[`${API_PREFIX}/${upstream.route}/{path}`] = Object.fromEntries(
      ['get', 'post', 'put', 'patch', 'delete'].map((method) => [method, proxyOperation(upstream, method)]),
    );
  }
  paths[`${API_PREFIX}/${DOCS_SEGMENT}`] = {
    get: {
      tags: ['documentation'],
      summary: 'Swagger UI with one entry per service',
      description:
        'The page itself holds no API description; it asks for the documents with the user’s token.',
      responses: { '200': { description: 'HTML page' } },
    },
  };
  paths[`${API_PREFIX}/${DOCS_SEGMENT}/{service}.json`] = {
    get: {
      tags: ['documentation'],
      summary: 'The OpenAPI document of one service, as exposed through the gateway',
      parameters: [
        {
          name: 'service',
          in: 'path',
          required: true,
          schema: {
            type: 'string',
            enum: [GATEWAY_SERVICE_NAME, ...new Set(upstreams.map((u) => u.service))],
          },
        },
      ],
      security: [{ bearer: [] }],
      responses: {
        '200': { description: 'OpenAPI 3 document' },
        '401': EDGE_RESPONSES['401'],
        '403': errorResponse('Only signed-in users (not API keys or services) read the documentation'),
        '404': EDGE_RESPONSES['404'],
        '502': EDGE_RESPONSES['502'],
        '503': EDGE_RESPONSES['503'],
        '504': EDGE_RESPONSES['504'],
      },
    },
  };
  return {
    ...base,
    paths,
    components: {
      ...base.components,
      schemas: {
        GatewayError: {
          type: 'object',
          required: ['statusCode', 'error', 'message'],
          properties: {
            statusCode: { type: 'integer', example: 503 },
            error: { type: 'string', example: 'Service Unavailable' },
            message: { type: 'string', example: 'tenant-service is unreachable (ECONNREFUSED)' },
          },
        },
      },
    },
  };
}
