"""Models of the internships app: none yet, they arrive with its issue."""
