"""OpenAPI schema pieces: only our /api/v1/ endpoints, and how the staff token is sent."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


def only_api_v1(endpoints, **kwargs):
    """Leave out every other DRF view in the project (Wagtail's admin API among them)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


class PersonalTokenScheme(OpenApiAuthenticationExtension):
    """The staff export API's personal token, as an HTTP bearer token."""

    target_class = "api.authentication.PersonalTokenAuthentication"
    name = "PersonalToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer"}
