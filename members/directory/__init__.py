"""The directory: search over members' profiles for visitors, members and PNCS staff.

- criteria: what a search asks for (Criteria), the page it gets back (Page) and the cursors
  between pages;
- words: the words of a query, their Spanish forms and lexemes, and the highlighting of matches;
- conditions, paging and query: the SQL (who may be found, filters, words; the page in the order
  of a sort; the statements with their counts and facets), search_page and export_rows;
- form: the search form that validates the query string into Criteria;
- results: what a page shows (cards, facets, filters in force, links), run_search;
- page_cache: visitors' directory and profile pages kept whole.

Who sees which field group is not the directory's rule: it comes from members.visibility.
"""

from .conditions import ALL_SECTORS
from .criteria import PAGE_SIZE, SORTS, Criteria, Cursor, Page, decode_cursor, encode_cursor
from .form import DirectoryForm, country_names
from .page_cache import cached_for_visitors
from .query import EXACT_LIMIT, SAMPLE_ROWS, export_rows, search_page
from .results import reference_lists, run_search

__all__ = [
    "ALL_SECTORS",
    "EXACT_LIMIT",
    "PAGE_SIZE",
    "SAMPLE_ROWS",
    "SORTS",
    "Criteria",
    "Cursor",
    "DirectoryForm",
    "Page",
    "cached_for_visitors",
    "country_names",
    "decode_cursor",
    "encode_cursor",
    "export_rows",
    "reference_lists",
    "run_search",
    "search_page",
]
