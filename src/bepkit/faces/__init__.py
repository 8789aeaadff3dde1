"""Faces over the library: the command line (cli) and the MCP server (mcp)."""
