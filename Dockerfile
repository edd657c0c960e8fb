# briefkit's render and lint service: `briefkit serve` on Debian slim, with Pango and
# HarfBuzz-subset (WeasyPrint's layout libraries); briefkit's own fonts ship inside the wheel.
#   docker build -t briefkit .
#   docker run -p 8000:8000 -v "$PWD/brands/acme:/brands/acme:ro" briefkit \
#     --brand default=/brands/acme
FROM python:3.11-slim-bookworm

# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
      libharfbuzz-subset0 fontconfig \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/briefkit
COPY pyproject.toml README.md ./
COPY src ./src
COPY schema ./schema
COPY layouts ./layouts
COPY brands ./brands
# The package is this checkout (pinned by its own commit), not one from an index.
# hadolint ignore=DL3013
RUN pip install --no-cache-dir ".[serve]" \
 && useradd --system --uid 10001 --home-dir /home/briefkit --create-home briefkit

USER 10001
WORKDIR /home/briefkit
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["python", "-c", "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4); sys.exit(0)"]
# SIGTERM drains: /ready answers 503, renders in flight finish, then exit 0.
STOPSIGNAL SIGTERM
ENTRYPOINT ["briefkit", "serve", "--host", "0.0.0.0", "--port", "8000"]
CMD ["--workers", "2"]
