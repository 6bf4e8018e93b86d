"""The public open-data API (/api/v1/) and the staff export API with personal tokens."""
