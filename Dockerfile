# syntax=docker/dockerfile:1.7
# Multi-stage: node builds the web app; uv installs the locked Python deps; the runtime image
# runs granian as a non-root user. Build: docker build -t bugtracker .

FROM node:20-bookworm-slim AS web
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build

FROM python:3.11-slim-bookworm AS python
COPY --from=ghcr.io/astral-sh/uv:0.13.9 /uv /usr/local/bin/uv
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never
WORKDIR /app
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY domain/ domain/
COPY application/ application/
COPY infrastructure/ infrastructure/
COPY projections/ projections/
COPY api/ api/
RUN uv sync --frozen --no-dev

FROM python:3.11-slim-bookworm AS runtime
RUN useradd --create-home --uid 10001 bugtracker
WORKDIR /app
COPY --from=python --chown=bugtracker /app /app
COPY --from=web --chown=bugtracker /web/dist /app/web/dist
ENV PATH="/app/.venv/bin:$PATH" \
    PYTHONUNBUFFERED=1 \
    DATA_DIR=/data \
    WEB_DIST_DIR=/app/web/dist
RUN mkdir -p /data && chown bugtracker /data
USER bugtracker
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --retries=3 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/api/health')"
# Migrations and the admin bootstrap run in the `migrate` service (compose) or on first start.
CMD ["bugtracker", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
