"""Pages about one person: the record, break-glass access and consent."""
