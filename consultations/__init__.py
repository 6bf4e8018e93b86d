"""What is published: consultations, their documents, workshop events and registration."""
