"""ASGI entry point for granian workers: `api.asgi:app`, configured from the environment."""

from api.app import create_app

app = create_app()
