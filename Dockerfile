# One image for the API, the worker and (optionally) the sandbox vendors; the compose file picks the command.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    # The Temporal server runs in its own container: no CLI needed inside this image.
    LOUDWIRE_SKIP_TEMPORAL_CLI=1
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY scripts/provision-temporal-cli.mjs scripts/provision-temporal-cli.mjs
# npm ci's postinstall applies Loudwire's patches to dependencies (patches/README.md).
COPY patches patches
RUN npm ci --include=dev --no-audit --no-fund
COPY tsconfig.json ./
COPY src src
COPY sandbox sandbox
COPY bin bin
COPY scripts/build scripts/build
# The compiled API, worker and CLI with the prebuilt workflow bundle (dist/): no tsx and no webpack when a
# container starts, so a restarted or added worker polls about a second after it starts (README, Benchmarks).
# src/ stays in the image: the compiled modules locate files beside their sources (the payload converters).
RUN npm run build
USER node
CMD ["node", "dist/api-server.js"]
