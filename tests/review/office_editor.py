"""Edit a .docx in LibreOffice as a reviewer would, through UNO: tracked changes, comments, untracked edits.

Run with the system Python, which has LibreOffice's ``uno`` module:

    python3 office_editor.py IN.docx EDITS.json OUT.docx "Reviewer Name"

EDITS.json is a list of {"op": "replace" | "delete" | "insert-after" | "comment", "find": text,
"new": text, "tracked": true}. The file is saved as LibreOffice saves Word documents.
Only test code.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.util import DateTime


def _property(name, value):
    prop = PropertyValue()
    prop.Name = name
    prop.Value = value
    return prop


def _connect(pipe, office):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(300):
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception as error:
            if office.poll() is not None:
                raise SystemExit("LibreOffice ended before it could be reached") from error
            time.sleep(0.1)
    raise SystemExit("LibreOffice could not be reached")


def _set_user(context, author):
    provider = context.ServiceManager.createInstanceWithContext(
        "com.sun.star.configuration.ConfigurationProvider", context
    )
    access = provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationUpdateAccess",
        (_property("nodepath", "/org.openoffice.UserProfile/Data"),),
    )
    first, _, last = author.partition(" ")
    access.setPropertyValue("givenname", first)
    access.setPropertyValue("sn", last)
    access.commitChanges()


def _edit(document, edit, author):
    search = document.createSearchDescriptor()
    search.SearchString = edit["find"]
    search.SearchCaseSensitive = True
    found = document.findFirst(search)
    for _ in range(edit.get("occurrence", 1) - 1):  # the contents and lists come first
        found = document.findNext(found.getEnd(), search) if found is not None else None
    if found is None:
        raise SystemExit("not found: " + edit["find"])
    document.RecordChanges = edit.get("tracked", True)
    kind = edit["op"]
    if kind == "replace":
        found.setString(edit["new"])
    elif kind == "delete":
        found.setString("")
    elif kind == "insert-after":
        found.getText().insertString(found.getEnd(), edit["new"], False)
    elif kind == "comment":
        document.RecordChanges = False
        note = document.createInstance("com.sun.star.text.textfield.Annotation")
        note.Author = author
        note.Content = edit["new"]
        note.DateTimeValue = DateTime(0, 0, 30, 9, 20, 11, 2026, False)
        found.getText().insertTextContent(found, note, True)
    else:
        raise SystemExit("unknown edit " + kind)


def main(source, edits_file, target, author):
    profile = tempfile.mkdtemp(prefix="office-editor-")
    pipe = f"office_editor_{os.getpid()}"
    office = subprocess.Popen(
        [
            shutil.which("soffice") or "soffice",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            f"-env:UserInstallation=file://{profile}",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        context = _connect(pipe, office)
        _set_user(context, author)
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        url = uno.systemPathToFileUrl(os.path.abspath(source))
        document = desktop.loadComponentFromURL(url, "_blank", 0, (_property("Hidden", True),))
        with open(edits_file, encoding="utf-8") as handle:
            for edit in json.load(handle):
                _edit(document, edit, author)
        out = uno.systemPathToFileUrl(os.path.abspath(target))
        document.storeToURL(out, (_property("FilterName", "MS Word 2007 XML"),))
        document.close(True)
        try:
            desktop.terminate()
        except Exception:
            pass
        office.wait(timeout=60)
    finally:
        if office.poll() is None:
            os.killpg(office.pid, 9)
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
