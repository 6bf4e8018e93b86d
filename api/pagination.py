"""Page-numbered listings with the total count and links to the next and previous pages."""

from rest_framework.pagination import PageNumberPagination


class ApiPagination(PageNumberPagination):
    """20 a page by default, up to 100 with ``page_size``; a page past the end is a 404."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
