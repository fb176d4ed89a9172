"""What a counted search or enquiry found: its outcome codes and which of them met the need locally."""
CHANNELS = ("web", "kiosk", "api", "desk")
# a search: the best scope (coverage/matrix.py) among the services the resident was shown, "none",
# or "found" when the search named no municipality; an info-point enquiry: the staff member's answer
SEARCH_OUTCOMES = ("local", "regional", "national", "none", "found")
DESK_OUTCOMES = ("yes", "partly", "no", "referred-local", "referred-regional", "referred-away")
MET_LOCALLY = frozenset({"local", "yes", "referred-local"})
PLACELESS = frozenset({"found"})  # left out of the share "not found locally"
