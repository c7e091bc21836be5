# Slim image, non-root user, the fact store built at image build time.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    BOT_DB=/app/data/egov.db

WORKDIR /app
RUN useradd --create-home --uid 10001 egov

COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY data ./data
RUN pip install --no-cache-dir '.[charts]' \
    && python -m bot ingest \
    && chown -R egov:egov /app/data

USER egov
# Mount a volume on /app/data to keep subscriptions and the question log across upgrades.
VOLUME ["/app/data"]
ENTRYPOINT ["python", "-m", "bot"]
CMD ["run"]
