import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import Role, User


@pytest.mark.django_db
def test_school_head_without_organization_rejected_by_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="orphan", role=Role.SCHOOL_HEAD, organization=None)


@pytest.mark.django_db
def test_school_head_without_organization_rejected_by_full_clean():
    user = User(username="orphan", role=Role.SCHOOL_HEAD, password="x")
    with pytest.raises(ValidationError) as error:
        user.full_clean()
    assert error.value.messages == ["У руководителя должна быть указана организация."]


@pytest.mark.django_db
def test_office_user_may_have_no_organization():
    user = User.objects.create(username="regional", role=Role.OFFICE)
    assert user.organization is None
