"""Processes as data."""
