"""Running a class: the student release, handing work in, the set-up check and JupyterLab settings."""
