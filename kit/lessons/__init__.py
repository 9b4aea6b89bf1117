"""What the lessons show: plain views, figures, the offline map, colours and the notebooks' widgets."""
