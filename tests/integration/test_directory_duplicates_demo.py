"""The duplicate matcher on the York demo directory: 3,000 services, 15 planted duplicates.

The demo generator (`locality.demo.directory`) lists 15 joint council/NHS services a second
time as if from the other body's feed: a reworded name, the same venue, the same or the other
body's phone number. Nothing else is meant to be a duplicate, but, as in real feeds, one body
runs the same programme in many places under names that differ only in the place, on its main
phone number and web domain: the pairs a naive matcher drowns the editors in.
"""

import json

from locality.demo.directory import generate_directory_files
from locality.directory import models as m
from locality.directory import stewardship as st
from locality.directory.importer import directory_import
from locality.governance.actors import SystemActor

OPERATOR = SystemActor(login="t")


def test_duplicates_on_the_demo_directory(db, tmp_path):
    paths = generate_directory_files(tmp_path, services=3000)
    result = directory_import(by=OPERATOR, path=paths["services"])
    assert result.written, [p.format() for p in result.problems][:5]
    known = {frozenset(pair) for pair in json.loads(paths["known_duplicates"].read_text())}

    found = st.duplicates_find(by=OPERATOR)

    pairs = {frozenset((c.first_id, c.second_id)): c for c in found}
    assert len(known) == 15
    assert known <= set(pairs), [sorted(p) for p in known - set(pairs)]
    others = [c for p, c in pairs.items() if p not in known]
    # Precision at least 1/2: an editor working down the queue finds a real duplicate at least
    # every other pair. (5 others at this seed; 10, 8 and 8 at seeds 1, 2 and 3.) What is left
    # is one organisation listing one programme twice at one place under two names ("Social
    # Prescribing — Fulford", "Fulford Social Prescribing Link Workers"): nothing in the
    # records tells those apart, and an editor should look at them.
    assert len(others) <= len(known), [(c.first.name, c.second.name) for c in others]
    assert all(c.first.organization_id == c.second.organization_id for c in others)
    assert m.DuplicateCandidate.objects.count() == len(found)
