"""Grading a class: reading submissions safely, scoring them, and writing the reports."""
