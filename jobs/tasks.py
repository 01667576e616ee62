"""Celery tasks of the jobs app (the worker imports this module by autodiscovery)."""

from celery import shared_task


@shared_task(name="jobs.run")
def run_job(job_id):
    from .services import run

    job = run(job_id=job_id)
    return job.status if job else None


@shared_task(name="jobs.purge_expired")
def purge_expired_jobs():
    from .services import purge_expired

    return purge_expired()
