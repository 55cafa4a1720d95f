"""What a PDF shows: its text (pdftotext) and its fonts (pdffonts), from poppler-utils."""

import subprocess


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()


def pdf_fonts(pdf: bytes) -> set[str]:
    lines = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True,
                           check=True).stdout.decode().splitlines()[2:]
    # "ABCDEF+DejaVu-Sans CID TrueType ...": the name without its subset prefix.
    return {line.split()[0].partition("+")[2] for line in lines}


def page_count(pdf: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))
