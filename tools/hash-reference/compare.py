#!/usr/bin/env python3
"""Run GS1's reference EPCIS event hash generator on a folder of EPCIS JSON(-LD) documents.

The reference is RalphTro/epcis-event-hash-generator as released on PyPI
(`epcis-event-hash-generator`, 1.9.3, the newest release; the repository's later commits up to
5d2f1c38 add only `ignoreFields` and EPCIS query-document support, they do not change hashes).
`compare.sh` installs it into a cached virtualenv and calls this script.

  compare.py DIR            print "<file>: <hash>" for every event of every *.jsonld / *.json
  compare.py DIR --write    also write <name>.hashes and <name>.prehashes beside each document
  compare.py DIR --check    exit 1 when a document's hashes differ from its <name>.hashes

The `.hashes` files of libs/domain/src/hash/vectors are written with --write and asserted by
libs/domain/src/hash/event-hash-id.spec.ts, so our implementation is pinned to the reference's output.
"""
import argparse
import sys
from pathlib import Path

from epcis_event_hash_generator import json_to_py
from epcis_event_hash_generator.__main__ import epcis_hash_from_file


def hash_document(path: Path):
    # The reference keeps JSON-LD prefixes in a module-global dict; reset it so that one document's
    # namespaces cannot leak into the next one's hashes.
    json_to_py._namespaces.clear()
    hashes, prehashes = epcis_hash_from_file(str(path), "sha256")
    return hashes, prehashes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="write <name>.hashes and <name>.prehashes")
    mode.add_argument("--check", action="store_true", help="compare with the existing <name>.hashes")
    args = parser.parse_args()

    documents = sorted(p for p in args.folder.iterdir() if p.suffix in (".jsonld", ".json"))
    if not documents:
        print(f"no *.jsonld / *.json documents in {args.folder}", file=sys.stderr)
        return 2
    failures = 0
    for doc in documents:
        hashes, prehashes = hash_document(doc)
        for h in hashes:
            print(f"{doc.name}: {h}")
        if args.write:
            doc.with_suffix(".hashes").write_text("".join(h + "\n" for h in hashes))
            doc.with_suffix(".prehashes").write_text("".join(p + "\n" for p in prehashes))
        if args.check:
            expected = doc.with_suffix(".hashes").read_text().split()
            if expected != hashes:
                failures += 1
                print(f"MISMATCH {doc.name}: expected {expected}, reference gives {hashes}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
