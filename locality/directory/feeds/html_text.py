"""HTML descriptions to plain text: paragraphs become blank-line-separated, <br> a newline.

The output suits Django's `linebreaks` filter: a blank line starts a paragraph, a single newline
is a line break. List items start with "- ". A link keeps its text, followed by its address in
brackets when the text does not already show it. Scripts, styles, SVG and buttons are dropped.
"""

import html
import re
from html.parser import HTMLParser

_BLOCK = {
    "address",
    "article",
    "aside",
    "blockquote",
    "dl",
    "div",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
}
_LINE = {"br", "dd", "dt", "hr", "tr"}
_SKIP = {"button", "head", "noscript", "script", "style", "svg", "template", "title"}
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>|<!--")
_SPACE = re.compile(r"[ \t\n\r\f\v\u00a0\u200b]+")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.links: list[tuple[str, int]] = []

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skipping += 1
        elif self.skipping:
            return
        elif tag in _BLOCK:
            self.parts.append("\n\n")
        elif tag in _LINE:
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in ("td", "th"):
            self.parts.append(" ")
        elif tag == "a":
            self.links.append((dict(attrs).get("href") or "", len(self.parts)))

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif self.skipping:
            return
        elif tag in _BLOCK:
            self.parts.append("\n\n")
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            text = "".join(self.parts[start:]).strip()
            shown = href.removeprefix("mailto:")
            if href.startswith(("http://", "https://", "mailto:")) and shown not in text:
                self.parts.append(f" ({shown})" if text else shown)

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(_SPACE.sub(" ", data))


def html_to_text(value: str | None) -> str:
    """Plain text from an HTML fragment (or from plain text, tidied)."""
    if not value:
        return ""
    if _TAG.search(value):
        parser = _Text()
        parser.feed(value)
        parser.close()
        text = "".join(parser.parts)
    else:
        text = html.unescape(value).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACE.sub(" ", line).strip() for line in text.split("\n")]
    lines = [line for line in lines if line != "-"]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
