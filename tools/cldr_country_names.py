#!/usr/bin/env python3
"""Writes src/language/countries.tsv: each country's name in the four languages reports speak.

The names are CLDR's (the Unicode Common Locale Data Repository, as the Babel package ships
it), the ones operating systems and browsers show, so a Korean reader sees 멕시코 for MX as
everywhere else. The codes are those of src/model/countries.tsv. Run it again when CLDR
updates:

    python3 -m pip install babel
    python3 tools/cldr_country_names.py > src/language/countries.tsv
"""

from pathlib import Path

import babel
from babel import Locale

LANGUAGES = ["en", "es", "fr", "ko"]


def main():
    codes_file = Path(__file__).resolve().parent.parent / "src" / "model" / "countries.tsv"
    codes = [
        line.split("\t", 1)[0]
        for line in codes_file.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    locales = [Locale.parse(language) for language in LANGUAGES]
    print(f"# alpha-2 code, then the CLDR name in {', '.join(LANGUAGES)}; written by")
    print(f"# tools/cldr_country_names.py from Babel {babel.__version__}")
    for code in codes:
        names = [locale.territories.get(code, code) for locale in locales]
        for name in names:
            if "\t" in name or "\n" in name:
                raise SystemExit(f"{code}: a name holds a tab or a line feed: {name!r}")
        print("\t".join([code, *names]))


if __name__ == "__main__":
    main()
