# The product's image: the server, job workers, web apps and bureau simulator, run from the
# TypeScript sources with tsx (a runtime dependency, as in `npm start`). Used by docker-compose.yml.
#
# One image, three entries: CMD (below) starts the server; the same image runs the job workers
# alone with `command: ["node_modules/.bin/tsx", "workers/main.ts"]` (what `npm run workers`
# runs, without npm in between) and the bureau simulator with `simulators/bureaus/main.ts`.
# docker-compose.yml's workers and bureau-simulator services do that; they replace the
# HEALTHCHECK below, which asks the server's /health.
#
# Pinned to an exact Node release (the one the tests run on), not a floating `20`.
FROM node:20.20.2-bookworm-slim

# Debian's Chromium for the letters (puppeteer-core drives a system browser and downloads none),
# and the fonts the letter templates name (DejaVu Sans, Liberation Sans).
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-dejavu-core fonts-liberation ca-certificates \
 && rm -rf /var/lib/apt/lists/*

# The production profile: no development users, keys, mail sink or simulators; the server refuses
# to start until ADMIN_PASSWORD and SYSTEM_API_KEY are given real values.
ENV NODE_ENV=production \
    APP_PROFILE=production \
    CHROMIUM_PATH=/usr/bin/chromium \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8080 \
    DATA_DIR=/app/data

WORKDIR /app

# Dependencies first, so a source change does not reinstall them. tsx is a regular dependency,
# so the dev dependencies (jest, typescript, swc, type packages) stay out. Install scripts are
# not run, as package.json's allowScripts asks; esbuild (under tsx) finds its platform binary
# in its optional @esbuild/* package without them.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force

COPY . .

# DATA_DIR holds stored documents (and PGlite's files when no DATABASE_URL is given); a volume
# mounted here starts out owned by the unprivileged node user.
RUN mkdir -p /app/data && chown node:node /app/data
USER node

EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.HTTP_PORT || 8080) + '/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

CMD ["npm", "start"]
