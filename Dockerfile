# curvechat relay image: build the client and server, then run them on a small
# runtime with production dependencies only, as a non-root user. Configure it
# only through environment variables (docs/deploy.md). Node 24 is the production
# runtime; .ci/run tests the same major (exact release pinned there) and Node 20.

# ---- build: full install, Vite client build, server compile ----
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# ---- production dependencies only ----
FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# ---- runtime ----
FROM node:24-slim
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
USER node
EXPOSE 3000
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "dist/server/server/healthcheck.js"]
CMD ["node", "dist/server/server/index.js"]
