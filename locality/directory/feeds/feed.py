"""What a reader returns: HSDS 3.0 fully nested services, plus what was found on the way."""

from collections import Counter
from dataclasses import dataclass, field

from locality.directory.feeds.problems import Problem

FORMATS = ("hsds3-json", "hsds3-tabular", "oruk-v1")


@dataclass
class Feed:
    """One feed, read and normalised.

    `services` are HSDS 3.0 fully nested service documents (the shape of the HSDS
    `examples/service_full.json`). `taxonomies` and `taxonomy_terms` are the standalone ones the
    feed carries (taxonomy files, `taxonomies.csv`, or the vocabularies an ORUK v1 feed uses);
    `organizations` are organisations that came without any service (an organisation list page,
    say): they are not nested in any service.

    `problems` are reading and mapping problems (unreadable files, duplicate service ids, empty
    names). `warnings` are changes made while normalising that do not make the record invalid
    (a URL field that held no URL and was dropped, for example).

    `original_ids` maps each new id to the feed's own id for formats whose ids are replaced
    (ORUK v1: every entity's id becomes a deterministic UUID); empty otherwise.
    `service_files[i]` is the file `services[i]` came from (for problems).
    """

    format: str
    source: str
    services: list[dict] = field(default_factory=list)
    taxonomies: list[dict] = field(default_factory=list)
    taxonomy_terms: list[dict] = field(default_factory=list)
    organizations: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    original_ids: dict[str, str] = field(default_factory=dict)
    service_files: list[str] = field(default_factory=list)

    def record_labels(self) -> list[str]:
        """How problems name each service: its id when that is a string no other service in
        the feed has, else "record N" (its 1-based position), which is the only unambiguous
        name for one of two services sharing an id."""
        ids = [doc.get("id") if isinstance(doc, dict) else None for doc in self.services]
        counts = Counter(i for i in ids if isinstance(i, str) and i.strip())
        return [
            record_id if counts.get(record_id) == 1 else f"record {index + 1}"
            for index, record_id in enumerate(ids)
        ]

    def record_label(self, index: int) -> str:
        return self.record_labels()[index]

    def file_of(self, index: int) -> str:
        if index < len(self.service_files):
            return self.service_files[index]
        return self.source

    def add_service(self, doc: dict, file: str) -> None:
        self.services.append(doc)
        self.service_files.append(file)


def record_label(doc, index: int) -> str:
    record_id = doc.get("id") if isinstance(doc, dict) else None
    if isinstance(record_id, str) and record_id.strip():
        return record_id
    return f"record {index + 1}"  # no id, or not a string: the position is what finds it
