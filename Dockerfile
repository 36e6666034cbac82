# One image for the API and the workers (queue mode). Chromium comes from Debian for browser sources.
FROM node:20-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
ENV NODE_ENV=production DOTENV_CONFIG_QUIET=true TRUSTLENS_CHROMIUM_PATH=/usr/bin/chromium
USER node
ENTRYPOINT ["npx", "tsx", "src/cli.ts"]
CMD ["serve"]
