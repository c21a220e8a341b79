# One image per Node service: docker build -f docker/node-service.Dockerfile --build-arg APP=<app> .
# Build stage: the whole workspace, bundled with tools/scripts/build-app.mjs (esbuild + swc).
FROM node:22-bookworm-slim AS build
ARG APP
ENV NX_NO_CLOUD=true NX_DAEMON=false NX_TUI=false PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
WORKDIR /workspace
COPY package.json package-lock.json .npmrc ./
RUN npm ci
COPY . .
RUN test -n "$APP" && node tools/scripts/build-app.mjs "apps/$APP"

# Runtime stage: production dependencies and the bundle only, as an unprivileged user.
FROM node:22-bookworm-slim AS runtime
ARG APP
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /workspace/dist/apps/${APP}/ ./
USER node
CMD ["node", "--enable-source-maps", "main.js"]
