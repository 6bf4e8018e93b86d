"""Operations shared by migrations."""

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from wagtail.models import ReferenceIndex

from engage.migration_operations import forget_in_reference_index
from feedback.models import Answer, Question, Questionnaire, QuestionSection, Response
from tests.feedback.conftest import make_consultation

pytestmark = pytest.mark.django_db


def test_forgetting_a_model_removes_only_its_rows_from_the_reference_index(site_with_home):
    consultation = make_consultation(site_with_home.root_page)
    response = Response.objects.create(consultation=consultation)
    ReferenceIndex.create_or_update_for_object(response)
    section = QuestionSection.objects.create(
        questionnaire=Questionnaire.objects.create(consultation=consultation), title="S"
    )
    answer = Answer.objects.create(
        response=response, question=Question.objects.create(section=section, text="Views?")
    )
    ReferenceIndex.create_or_update_for_object(answer)
    response_type = ContentType.objects.get_for_model(Response)
    assert ReferenceIndex.objects.filter(content_type=response_type).exists()
    others = ReferenceIndex.objects.exclude(content_type=response_type).count()
    assert others > 0  # the answer's references stay

    forget_in_reference_index("feedback", "response").code(apps, None)

    assert not ReferenceIndex.objects.filter(content_type=response_type).exists()
    assert ReferenceIndex.objects.count() == others
