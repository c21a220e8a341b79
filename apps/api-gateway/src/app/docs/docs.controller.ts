import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController, type OpenAPIObject } from '@nestjs/swagger';
import { Public } from '@switchboard/backend-util-observability';
import type { Response } from 'express';
import { createRequire } from 'node:module';
import path from 'node:path';
import { SignedInUsersOnly } from '../auth/edge-auth.decorators';
import { API_PREFIX, DOCS_SEGMENT } from '../routing/upstream-routes.constants';
import { ApiDocumentsService } from './api-documents.service';

const DOCS_PATH = `${API_PREFIX}/${DOCS_SEGMENT}`;
const INITIALIZER = 'gateway-initializer.js';

/** Swagger UI's files served from swagger-ui-dist; nothing else of that folder is reachable. */
const SWAGGER_UI_FILES = new Set([
  'swagger-ui.css',
  'index.css',
  'swagger-ui-bundle.js',
  'swagger-ui-standalone-preset.js',
  'favicon-16x16.png',
  'favicon-32x32.png',
]);

/**
 * The Swagger UI files @nestjs/swagger itself serves: swagger-ui-dist is its dependency (not a
 * direct one of the workspace), so it is resolved from there, as SwaggerModule does.
 */
const SWAGGER_UI_DIR = path.dirname(
  createRequire(require.resolve('@nestjs/swagger')).resolve('swagger-ui-dist/package.json'),
);

/** The page loads only its own scripts and styles and talks only to this origin. */
export const DOCS_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Switchboard API</title>
<link rel="stylesheet" href="${DOCS_PATH}/assets/swagger-ui.css">
<link rel="stylesheet" href="${DOCS_PATH}/assets/index.css">
<link rel="icon" type="image/png" href="${DOCS_PATH}/assets/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${DOCS_PATH}/assets/swagger-ui-bundle.js"></script>
<script src="${DOCS_PATH}/assets/swagger-ui-standalone-preset.js"></script>
<script src="${DOCS_PATH}/assets/${INITIALIZER}"></script>
</body>
</html>
`;

/**
 * Starts Swagger UI with one entry per service. The documents need a signed-in user's access
 * token: the page takes one from the session (the refresh cookie at /api/auth/refresh, same
 * origin) or asks for it, keeps it in memory only and sends it with every request it makes.
 */
function initializer(urls: readonly { name: string; url: string }[]): string {
  return `'use strict';
(async function () {
  var urls = ${JSON.stringify(urls)};
  var token = '';
  try {
    var refreshed = await fetch('${API_PREFIX}/auth/refresh', { method: 'POST', credentials: 'same-origin' });
    if (refreshed.ok) {
      var body = await refreshed.json();
      token = body.accessToken || body.access_token || '';
    }
  } catch (ignored) {}
  if (!token) token = window.prompt('Access token (Bearer) to read the API documentation') || '';
  window.ui = SwaggerUIBundle({
    urls: urls,
    dom_id: '#swagger-ui',
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
    requestInterceptor: function (request) {
      if (token && !request.headers.Authorization && !request.headers['X-API-Key']) {
        request.headers.Authorization = 'Bearer ' + token;
      }
      return request;
    },
  });
})();
`;
}

/**
 * `GET /api/docs`: Swagger UI over every service's document; `GET /api/docs/<service>.json`:
 * one document, for signed-in users only. The page and Swagger UI's files describe no API and
 * are served without credentials (a browser cannot send a bearer token when it opens a page).
 */
@ApiExcludeController()
@Controller(DOCS_PATH.slice(1))
export class DocsController {
  constructor(private readonly documents: ApiDocumentsService) {}

  @Get()
  @Public()
  page(@Res() res: Response): void {
    res.setHeader('content-security-policy', DOCS_PAGE_CSP);
    res.setHeader('cache-control', 'no-store');
    res.type('html').send(PAGE);
  }

  @Get('assets/:file')
  @Public()
  asset(@Param('file') file: string, @Res() res: Response): void {
    if (file === INITIALIZER) {
      res.setHeader('cache-control', 'no-store');
      res.type('application/javascript').send(initializer(this.documents.entries()));
      return;
    }
    if (!SWAGGER_UI_FILES.has(file)) throw new NotFoundException(`no asset ${file.slice(0, 64)}`);
    res.setHeader('cache-control', 'public, max-age=3600');
    res.sendFile(path.join(SWAGGER_UI_DIR, file));
  }

  @Get(':document')
  @SignedInUsersOnly()
  document(@Param('document') document: string): Promise<OpenAPIObject> {
    if (!document.endsWith('.json')) throw new NotFoundException(`no document ${document.slice(0, 64)}`);
    return this.documents.document(document.slice(0, -'.json'.length));
  }
}
