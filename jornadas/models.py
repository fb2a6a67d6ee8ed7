"""Models of the jornadas app: none yet, they arrive with its issue."""
