"""The progressive web app's files, shipped as package data of `pwa` (no Python here).

server/routes/pwa.py finds them with `importlib.resources.files("pwa")`, so a checkout, an
editable install and an installed wheel serve the same files."""
