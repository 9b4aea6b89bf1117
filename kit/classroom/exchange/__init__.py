"""Handing work in on a JupyterHub: the exchange service, its storage, its client, and a directory drop box."""
