#!/usr/bin/env python3
"""Writes the import fixtures whose exact bytes matter, which an editor would silently change:
an Excel "CSV UTF-8" export (byte order mark, `;`, CRLF) and a Latin-1 file.

    python3 tools/import_fixtures.py
"""

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "import"

EXCEL_ROWS = [
    "Nom;Organisme;Courriel;Pays;Province;Secteur;Sexe",
    "Aminata Diop;Mairie de Dakar;aminata.diop@villededakar.sn;Sénégal;Dakar;Municipal government;Femme",
    "Moussa Ndiaye;Fédération des GIE de Thiès;m.ndiaye@fgie-thies.sn;Senegal;Thiès;SSE networks and federations;Homme",
    "Awa Traoré;Université Cheikh Anta Diop;awa.traore@ucad.edu.sn;SN;Dakar;academia;Femme",
    "Kouassi Yao;\"Coopérative agricole de Daloa; section café\";k.yao@coopdaloa.ci;Côte d'Ivoire;Haut-Sassandra;Cooperatives;Homme",
    "Ji-won Park;Seoul Social Economy Center;jiwon.park@sehub.kr;Corée du Sud;Séoul;social-enterprise;Femme",
    # Excel writes the separators of an empty row it thinks is in use.
    ";;;;;;",
]

LATIN1_ROWS = [
    "Nom,Organisme,Pays,Secteur",
    "Amadou Sow,Mairie de Kaolack,SN,government/municipal",
    "René Lévesque,Chantier de l'économie sociale,CA,sse/network",
]


def main():
    excel = "\r\n".join(EXCEL_ROWS) + "\r\n"
    (FIXTURES / "excel-senegal.csv").write_bytes(b"\xef\xbb\xbf" + excel.encode("utf-8"))
    latin1 = ("\n".join(LATIN1_ROWS) + "\n").encode("latin-1")
    # The point of the fixture: é must be the single byte 0xE9, which is not UTF-8.
    assert b"Ren\xe9 L\xe9vesque" in latin1
    (FIXTURES / "latin1.csv").write_bytes(latin1)


if __name__ == "__main__":
    main()
