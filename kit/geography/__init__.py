"""The treaty and geography: the treaty parsed by article, distances and the Tropic, the Article 6 engine."""
