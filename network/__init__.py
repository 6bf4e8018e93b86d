"""The co-production network: members, opportunities, involvement and payment."""
