"""The site's URLs plus a page that hosts a thread the way consultations does:
``context.update(thread_context(request, target))`` and an include."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template import engines
from django.urls import path

from cms.urls import urlpatterns as site_urlpatterns
from participation.selectors import thread_context

HOST_TEMPLATE = (
    '{% extends "base.html" %}{% block content %}<h1>{{ target.title }}</h1>'
    '{% include "participation/thread.html" %}{% endblock %}'
)


def thread_page(request, pk):
    from cms.models import StandardPage

    target = get_object_or_404(StandardPage, pk=pk)
    template = engines["django"].from_string(HOST_TEMPLATE)
    return HttpResponse(template.render(thread_context(request, target), request))


urlpatterns = [
    path("watek-testowy/<int:pk>/", thread_page, name="test_thread"),
    *site_urlpatterns,
]
