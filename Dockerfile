# One image for every role of the portal: web (gunicorn), Celery worker and Celery beat.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /srv/portal
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# collectstatic needs no secrets or database; a placeholder key is enough for it.
RUN SECRET_KEY=build-only DEBUG=False PORTAL_BASE_URL=http://build python manage.py collectstatic --noinput
RUN useradd --system portal && chown -R portal /srv/portal
USER portal
EXPOSE 8000
CMD ["gunicorn", "mentorship_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "120"]
