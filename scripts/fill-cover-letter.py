#!/usr/bin/env python3
"""fill-cover-letter.py COVER TEXT DATE: put TEXT (subject on its first line)
into a format-patch cover letter and give it DATE."""
import os
import sys

cover, textfile, date = sys.argv[1:]
s = open(cover).read()
if os.path.exists(textfile):
    subject, _, body = open(textfile).read().partition("\n")
    s = s.replace("*** SUBJECT HERE ***", subject.strip(), 1)
    s = s.replace("*** BLURB HERE ***\n", body.lstrip("\n"), 1)
head, sep, rest = s.partition("\nSubject:")
head = "\n".join("Date: " + date if line.startswith("Date: ") else line
                 for line in head.split("\n"))
open(cover, "w").write(head + sep + rest)
