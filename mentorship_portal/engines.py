"""Which engine serves the cache, sessions, files and background jobs, chosen by environment.

Plain functions from configuration values to Django settings, so that settings.py stays a list
of assignments and the tests can build the very same configuration for a real Redis or a real
S3 server. Nothing here connects to anything.

- REDIS_URL set: cache and sessions in Redis (django-redis), so app servers keep no state;
  otherwise the database cache table and database sessions (still shared by app servers).
- AWS_STORAGE_BUCKET_NAME set: evidence and job files on S3 (django-storages); otherwise
  local files under MEDIA_ROOT. Either way files are private and leave only through a view
  that checks access.
- CELERY_BROKER_URL set: background jobs go to Celery workers; otherwise they run inline, in
  the request that asked for them (CELERY_TASK_ALWAYS_EAGER).
"""

from celery.schedules import crontab

DATABASE_CACHE_TABLE = "portal_cache"


def cache_settings(redis_url, *, key_prefix="portal"):
    if redis_url:
        return {
            "default": {
                "BACKEND": "django_redis.cache.RedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": key_prefix,
                "OPTIONS": {
                    # A Redis outage must not take sessions' readers down with a 500 loop
                    # of reconnects: fail fast and let /healthz report it.
                    "SOCKET_CONNECT_TIMEOUT": 2,
                    "SOCKET_TIMEOUT": 2,
                },
            }
        }
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": DATABASE_CACHE_TABLE,
            "KEY_PREFIX": key_prefix,
        }
    }


def session_engine(redis_url):
    """Sessions live in Redis with a Redis cache, in the database otherwise."""
    if redis_url:
        return "django.contrib.sessions.backends.cache"
    return "django.contrib.sessions.backends.db"


def default_storage(
    *, bucket, endpoint_url="", region="", access_key="", secret_key="", url_expire_seconds=60
):
    """The storage of uploaded files: a private S3 bucket when `bucket` is set."""
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options = {
        "bucket_name": bucket,
        "default_acl": "private",
        # Two uploads never overwrite each other; names are generated anyway.
        "file_overwrite": False,
        # Any URL the storage hands out is signed and short-lived; the portal itself streams
        # files through its access-checked view.
        "querystring_auth": True,
        "querystring_expire": url_expire_seconds,
        "signature_version": "s3v4",
    }
    if endpoint_url:
        options["endpoint_url"] = endpoint_url
    if region:
        options["region_name"] = region
    if access_key:
        options["access_key"] = access_key
        options["secret_key"] = secret_key
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def celery_settings(broker_url, *, time_zone, queue="portal"):
    """CELERY_* settings: a real broker, or inline execution when there is none."""
    settings = {
        "CELERY_TIMEZONE": time_zone,
        "CELERY_TASK_ACKS_LATE": True,
        "CELERY_WORKER_PREFETCH_MULTIPLIER": 1,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        # Job state lives in the jobs table; Celery's own result store is not needed.
        "CELERY_TASK_IGNORE_RESULT": True,
        "CELERY_BEAT_SCHEDULE": {
            "daily-reminder-digest": {
                "task": "obligations.send_daily_digests",
                "schedule": crontab(hour=7, minute=0),
            },
            "purge-expired-jobs": {
                "task": "jobs.purge_expired",
                "schedule": crontab(hour=3, minute=30),
            },
        },
    }
    if broker_url:
        settings.update(CELERY_BROKER_URL=broker_url, CELERY_TASK_ALWAYS_EAGER=False)
    else:
        settings.update(
            CELERY_BROKER_URL="memory://",
            CELERY_TASK_ALWAYS_EAGER=True,
            CELERY_TASK_EAGER_PROPAGATES=False,
        )
    return settings
