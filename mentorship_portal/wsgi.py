import os

from django.core.wsgi import get_wsgi_application

from mentorship_portal.runtime import tune_garbage_collector

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship_portal.settings")
application = get_wsgi_application()
tune_garbage_collector()
