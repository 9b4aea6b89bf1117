"""Exercises: the bank, checking an answer, the answer sheet, the student's commands and the exercise widget."""
