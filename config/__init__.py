"""The project: settings, the root URLs and the WSGI entry point. It puts the apps together; no app imports it."""
