"""Models of the projects app: none yet, they arrive with its issue."""
