"""The model: documents, the workspace, the registry, sections and numbers.

It knows the process (through the profile) but nothing of checks or faces.
"""
