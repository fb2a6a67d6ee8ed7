"""The directory benchmark of `manage.py run_benchmark` (make bench): the requests timed one client
at a time (measure), the pages under load (load), and the table with its targets (report)."""
