"""Faces for coding agents: context bundles and the MCP server."""
